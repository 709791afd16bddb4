package com.securevox.call.store;

import java.util.Locale;
import java.util.Optional;

/** Where a webhook event is in its delivery; the name is the one stored and shown by the API. */
public enum DeliveryStatus {
    /** Waiting for its turn or for its next attempt. */
    PENDING,
    /** The receiver answered 2xx. */
    DELIVERED,
    /** Not delivered within the retry window; only a manual retry sends it again. */
    DEAD;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status with this wire name, if any. */
    public static Optional<DeliveryStatus> fromWire(String name) {
        for (DeliveryStatus status : values()) {
            if (status.wireName().equals(name)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
