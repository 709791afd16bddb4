package com.securevox.call.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * TURN: whether clients get relay servers with credentials minted per participant, and whether this server runs
 * coturn itself.
 *
 * @param mode off, an external coturn, or one this server runs ({@code SECUREVOX_CALL_TURN})
 * @param urls the {@code turn:}/{@code turns:}/{@code stun:} URLs handed out with credentials; empty when off
 * @param secret coturn's {@code static-auth-secret}; present unless off
 * @param secretGenerated whether the secret was made up for this run (managed mode only: nobody else needs it)
 * @param credentialTtl lifetime of minted TURN credentials, capped by the call token's expiry
 * @param managed what a managed coturn listens on and relays from; present in managed mode only
 */
public record TurnSettings(
        TurnMode mode,
        List<String> urls,
        Optional<Secret> secret,
        boolean secretGenerated,
        Duration credentialTtl,
        Optional<Managed> managed) {

    public static final Duration DEFAULT_CREDENTIAL_TTL = Duration.ofHours(1);

    /**
     * The part of coturn's configuration a managed coturn takes from ours.
     *
     * @param port {@code listening-port} (UDP and TCP)
     * @param relayIp {@code listening-ip} and {@code relay-ip}: the one address coturn binds
     * @param externalIp {@code external-ip}, the public address in front of {@code relayIp} behind a 1:1 NAT
     * @param minRelayPort {@code min-port}
     * @param maxRelayPort {@code max-port}
     */
    public record Managed(int port, String relayIp, Optional<String> externalIp, int minRelayPort, int maxRelayPort) {
        public Managed {
            Objects.requireNonNull(relayIp, "relayIp");
            Objects.requireNonNull(externalIp, "externalIp");
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("turn port: " + port + " (expected: 1 to 65535)");
            }
            if (minRelayPort < 1 || maxRelayPort > 65_535 || minRelayPort > maxRelayPort) {
                throw new IllegalArgumentException("turn relay ports: " + minRelayPort + "-" + maxRelayPort
                        + " (expected: low-high within 1 to 65535)");
            }
        }
    }

    public TurnSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(credentialTtl, "credentialTtl");
        Objects.requireNonNull(managed, "managed");
        urls = List.copyOf(urls);
        if (credentialTtl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("turn credential ttl: " + credentialTtl + " (expected: at least 1s)");
        }
        if (mode == TurnMode.OFF != urls.isEmpty() || mode == TurnMode.OFF != secret.isEmpty()) {
            throw new IllegalArgumentException("turn: urls and secret are required exactly when TURN is on");
        }
        if (mode == TurnMode.MANAGED != managed.isPresent()) {
            throw new IllegalArgumentException("turn: managed settings are required exactly in managed mode");
        }
        for (String url : urls) {
            if (!IceServer.isTurnServerUrl(url)) {
                throw new IllegalArgumentException("turn url: '" + url + "' (expected: turn:, turns: or stun: URL)");
            }
        }
    }

    public static TurnSettings off() {
        return new TurnSettings(
                TurnMode.OFF, List.of(), Optional.empty(), false, DEFAULT_CREDENTIAL_TTL, Optional.empty());
    }

    /** One line for the start-up summary; never the secret. */
    String describe() {
        return switch (mode) {
            case OFF -> "off";
            case EXTERNAL ->
                "external, " + String.join(", ", urls) + ", credentials for " + Durations.format(credentialTtl);
            case MANAGED -> {
                Managed m = managed.orElseThrow();
                yield "managed (coturn on " + m.relayIp() + ":" + m.port() + ", relay ports " + m.minRelayPort() + "-"
                        + m.maxRelayPort()
                        + m.externalIp().map(ip -> ", external ip " + ip).orElse("") + "), "
                        + String.join(", ", urls) + ", credentials for " + Durations.format(credentialTtl)
                        + (secretGenerated ? ", secret generated for this run" : "");
            }
        };
    }
}
