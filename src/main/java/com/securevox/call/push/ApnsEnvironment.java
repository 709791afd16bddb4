package com.securevox.call.push;

import java.util.Locale;
import java.util.Optional;

/**
 * The APNs environment a device token belongs to: debug builds get sandbox tokens, TestFlight and App Store builds
 * production ones, and a token is refused ({@code BadDeviceToken}) by the other. One key serves both.
 */
public enum ApnsEnvironment {
    SANDBOX,
    PRODUCTION;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ApnsEnvironment> fromWire(String value) {
        for (ApnsEnvironment e : values()) {
            if (e.wireName().equals(value)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
