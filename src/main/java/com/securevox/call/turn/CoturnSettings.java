package com.securevox.call.turn;

import java.util.Objects;
import java.util.Optional;

/**
 * What a managed coturn is configured with.
 *
 * @param relayIp the one address coturn listens on and relays from ({@code listening-ip}, {@code relay-ip})
 * @param port {@code listening-port}, UDP and TCP
 * @param externalIp the public address mapped to {@code relayIp} by a 1:1 NAT ({@code external-ip})
 * @param minRelayPort lowest relay port ({@code min-port})
 * @param maxRelayPort highest relay port ({@code max-port})
 * @param secret {@code static-auth-secret}, shared with the credential minter
 * @param realm {@code realm}
 * @param sfuIp the address of the SFU's media when this server runs it too: allowed as a peer
 *     ({@code allowed-peer-ip}) although the relay policy denies its range, so that relayed clients reach it
 */
public record CoturnSettings(
        String relayIp,
        int port,
        Optional<String> externalIp,
        int minRelayPort,
        int maxRelayPort,
        String secret,
        String realm,
        Optional<String> sfuIp) {

    private static final java.util.regex.Pattern SAFE = java.util.regex.Pattern.compile("[\\x21-\\x7E]+");

    public CoturnSettings {
        Objects.requireNonNull(relayIp, "relayIp");
        Objects.requireNonNull(externalIp, "externalIp");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(sfuIp, "sfuIp");
        // Every value becomes a line of the configuration file: a newline would smuggle in lines of its own.
        for (String value : new String[] {relayIp, secret, realm, externalIp.orElse("x"), sfuIp.orElse("x")}) {
            if (!SAFE.matcher(value).matches()) {
                throw new IllegalArgumentException(
                        "coturn setting: contains blanks or control characters" + " (expected: visible ASCII)");
            }
        }
        if (port < 1 || port > 65_535 || minRelayPort < 1 || minRelayPort > maxRelayPort || maxRelayPort > 65_535) {
            throw new IllegalArgumentException("coturn ports: " + port + ", relay " + minRelayPort + "-" + maxRelayPort
                    + " (expected: 1 to 65535, low <= high)");
        }
    }

    @Override
    public String toString() {
        return "CoturnSettings[relayIp=" + relayIp + ", port=" + port + ", externalIp=" + externalIp + ", relayPorts="
                + minRelayPort + "-" + maxRelayPort + ", secret=***, realm=" + realm + ", sfuIp=" + sfuIp + "]";
    }
}
