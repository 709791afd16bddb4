package com.securevox.call.app;

import com.securevox.call.config.Mode;
import com.securevox.call.config.ServerConfig;
import java.io.PrintStream;

/**
 * What a person starting the server needs to see. Generated development credentials are printed
 * here once, to the console and never to the log.
 */
public final class Banner {
    private Banner() {}

    public static void print(ServerConfig config, int port, PrintStream out) {
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
}
