package com.securevox.call.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The networks of the proxies in front of this server ({@code SECUREVOX_CALL_TRUSTED_PROXIES}): only a connection from
 * inside one of them may tell us, in {@code X-Forwarded-For} and {@code X-Forwarded-Proto}, who the client is. Empty:
 * nobody is believed and the TCP peer is the client.
 */
public record TrustedProxies(List<Cidr> networks) {
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    public TrustedProxies {
        networks = List.copyOf(networks);
    }

    public boolean trusts(InetAddress peer) {
        for (Cidr network : networks) {
            if (network.contains(peer)) {
                return true;
            }
        }
        return false;
    }

    public String describe() {
        return networks.isEmpty()
                ? "none (X-Forwarded-For ignored)"
                : networks.stream().map(Cidr::toString).collect(Collectors.joining(", "));
    }

    /** Reads the comma-separated list, recording one problem per bad entry. */
    static TrustedProxies read(Settings s) {
        Optional<String> value = s.text(ConfigKeys.TRUSTED_PROXIES);
        if (value.isEmpty()) {
            return NONE;
        }
        List<Cidr> networks = new ArrayList<>();
        for (String entry : value.get().split(",", -1)) {
            if (entry.isBlank()) {
                s.problem(ConfigKeys.TRUSTED_PROXIES + ": " + Settings.shown(value.get())
                        + " has an empty entry (expected: comma-separated CIDRs such as 10.0.0.0/8, fd00::/8)");
                continue;
            }
            try {
                networks.add(Cidr.parse(entry));
            } catch (IllegalArgumentException e) {
                s.problem(ConfigKeys.TRUSTED_PROXIES + ": " + e.getMessage());
            }
        }
        return new TrustedProxies(networks);
    }
}
