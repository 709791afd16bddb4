package com.securevox.call.turn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The coturn configuration of managed mode: the listener and secret from our settings, then the relay policy we ship
 * ({@code coturn/relay-policy.conf} in the jar, the same lines as {@code deploy/coturn/turnserver.conf}).
 */
public final class CoturnConfig {
    /** The relay policy on the class path; a test checks that the shipped production configuration contains it. */
    public static final String RELAY_POLICY_RESOURCE = "/coturn/relay-policy.conf";

    private CoturnConfig() {}

    /** The relay policy's lines as shipped, comments included. */
    public static String relayPolicy() {
        try (InputStream in = CoturnConfig.class.getResourceAsStream(RELAY_POLICY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RELAY_POLICY_RESOURCE + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The relay policy's directives: its lines without comments and blanks. */
    public static List<String> relayPolicyDirectives() {
        return relayPolicy()
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    private static boolean isLoopback(String ip) {
        return java.net.InetAddress.ofLiteral(ip).isLoopbackAddress();
    }

    /**
     * The whole file. {@code workDir} holds coturn's pid file and user database, which it would otherwise put under
     * {@code /var}.
     */
    public static String render(CoturnSettings settings, Path workDir) {
        List<String> lines = new ArrayList<>();
        lines.add("# Written by SecureVOX Call at start-up (SECUREVOX_CALL_TURN=managed); rewritten at every start.");
        lines.add("listening-ip=" + settings.relayIp());
        lines.add("relay-ip=" + settings.relayIp());
        lines.add("listening-port=" + settings.port());
        lines.add("min-port=" + settings.minRelayPort());
        lines.add("max-port=" + settings.maxRelayPort());
        settings.externalIp().ifPresent(ip -> lines.add("external-ip=" + ip + "/" + settings.relayIp()));
        lines.add("realm=" + settings.realm());
        lines.add("use-auth-secret");
        lines.add("static-auth-secret=" + settings.secret());
        // Plain TURN over UDP and TCP only: TLS needs a certificate, which a production coturn has (deploy/coturn).
        lines.add("no-tls");
        lines.add("no-dtls");
        lines.add("log-file=stdout");
        lines.add("simple-log");
        lines.add("pidfile=" + workDir.resolve("turnserver.pid"));
        lines.add("userdb=" + workDir.resolve("turndb"));
        // Participants of this server relay to each other through their relay addresses, which are this address.
        // When it is loopback, coturn listens on loopback only, so only local programs can use it, and those can
        // reach loopback anyway.
        if (isLoopback(settings.relayIp())) {
            // coturn refuses loopback peers before it reads its lists; the relay policy still denies the rest of
            // loopback, so only the relay address itself is allowed back.
            lines.add("allow-loopback-peers");
        }
        lines.add("allowed-peer-ip=" + settings.relayIp());
        // The SFU's media address, usually a private one the policy denies: relayed clients must reach it, and only
        // it, on this side of the policy.
        settings.sfuIp()
                .filter(ip -> !ip.equals(settings.relayIp()))
                .ifPresent(ip -> lines.add("allowed-peer-ip=" + ip));
        lines.add("");
        lines.add(relayPolicy());
        return String.join("\n", lines);
    }
}
