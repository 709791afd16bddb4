package com.securevox.call.push;

import java.util.Locale;
import java.util.Optional;

/**
 * Which push service reaches a device, and how. An iOS app registers two tokens: its PushKit (VoIP) token as {@link
 * #APNS_VOIP}, which rings (once per ring), and its ordinary token as {@link #APNS}, which is told that a ring
 * stopped.
 */
public enum Platform {
    FCM,
    APNS,
    APNS_VOIP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Platform> fromWire(String value) {
        for (Platform p : values()) {
            if (p.wireName().equals(value)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Whether a device of this platform belongs to Apple's service, which needs its environment. */
    public boolean apple() {
        return switch (this) {
            case FCM -> false;
            case APNS, APNS_VOIP -> true;
        };
    }
}
