package com.securevox.call.app;

import com.securevox.call.config.ConfigKeys;
import com.securevox.call.config.Mode;
import com.securevox.call.config.ServerConfig;
import com.securevox.call.config.SfuMode;
import com.securevox.call.media.MediaSetting;
import java.io.PrintStream;
import java.net.InetAddress;

/**
 * What a person starting the server needs to see. Generated development credentials are printed
 * here once, to the console and never to the log.
 */
public final class Banner {
    private Banner() {}

    public static void print(ServerConfig config, int port, PrintStream out) {
        print(config, port, config.sfu().describe(), out);
    }

    /** @param sfu what the SFU is, as the app knows it once started ({@code managed, Janus 1.1.2 pid …}) */
    public static void print(ServerConfig config, int port, String sfu, PrintStream out) {
        String host = config.host().equals("0.0.0.0") ? "localhost" : config.host();
        String base = (config.tls().isPresent() ? "https://" : "http://") + host + ":" + port;
        out.println();
        out.println("SecureVOX Call " + App.version() + " ("
                + config.mode().name().toLowerCase(java.util.Locale.ROOT) + ") listening on " + base);
        if (config.apiKeyGenerated()) {
            out.println(
                    "  API key (generated for this run):    " + config.apiKey().value());
        }
        if (config.jwtSecretGenerated()) {
            out.println("  JWT secret (generated for this run): "
                    + config.jwtSecret().value());
        }
        if (config.demo()) {
            out.println("  Demo call page: " + base + "/  (open it in two tabs and join the same call)");
        }
        if (!config.turn().urls().isEmpty()) {
            out.println("  TURN (" + config.turn().mode().wireName() + "): "
                    + String.join(", ", config.turn().urls())
                    + (config.demo() ? "  (demo page with ?ice=relay: media through TURN only)" : ""));
        }
        out.println("  SFU: " + sfu + "; media: "
                + (config.media() == MediaSetting.AUTO && config.sfu().mode() == SfuMode.OFF
                        ? "mesh"
                        : config.media().wireName()));
        out.println("  Push: " + config.push().describe());
        out.println("  Cluster: " + config.cluster().describe());
        if (config.mode() == Mode.DEVELOPMENT && loopback(config.host())) {
            out.println("  Only this machine can connect. To let other machines in: " + ConfigKeys.HOST + "=0.0.0.0");
            out.println("    (their browsers allow the camera over HTTPS only: " + ConfigKeys.TLS_CERT + " and "
                    + ConfigKeys.TLS_KEY + ", see docs/config.md#tls)");
        }
        if (config.mode() == Mode.DEVELOPMENT) {
            out.println("  Mint a call token:");
            out.println("    curl -s -X POST " + base + "/api/call/token \\");
            out.println("      -H 'Authorization: Bearer "
                    + (config.apiKeyGenerated() ? config.apiKey().value() : "<API key>")
                    + "' -H 'Content-Type: application/json' \\");
            out.println("      -d '{\"userId\":\"alice\",\"sessionId\":\"call_1\"}'");
        }
        for (String warning : config.warnings()) {
            out.println("  warning: " + warning);
        }
        out.println();
        out.flush();
    }

    /** Whether the server listens only on this machine; judged from the text alone, never by asking DNS. */
    static boolean loopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return InetAddress.ofLiteral(literal).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false; // a host name
        }
    }
}
