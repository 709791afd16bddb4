package com.securevox.call.config;

import java.net.InetAddress;
import java.util.Optional;

/** Reads a setting that must be one IP address, never a name (nothing is looked up) nor a wildcard or multicast. */
final class IpSetting {
    private IpSetting() {}

    /**
     * @param expected what the address is for, shown in the problem: {@code one IPv4 or IPv6 address of this machine}
     */
    static Optional<String> read(Settings s, String key, String expected) {
        Optional<String> value = s.text(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            InetAddress address = InetAddress.ofLiteral(value.get());
            if (!address.isAnyLocalAddress() && !address.isMulticastAddress()) {
                return Optional.of(address.getHostAddress());
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        s.problem(key + ": " + Settings.shown(value.get()) + " (expected: " + expected + ", not a name or a wildcard)");
        return Optional.empty();
    }
}
