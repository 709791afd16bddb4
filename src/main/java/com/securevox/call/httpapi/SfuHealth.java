package com.securevox.call.httpapi;

import java.util.Objects;
import java.util.Set;

/**
 * What {@code /health} says about the SFU.
 *
 * @param mode {@code off}, {@code external} or {@code managed}
 * @param status {@code off}, {@code starting} (not answering yet), {@code up} or {@code down} (managed: the Janus child
 *     is dead and about to be restarted; external: the connection to it is lost)
 * @param rooms SFU rooms open now
 * @param restarts restarts of a managed Janus since start
 */
public record SfuHealth(String mode, String status, int rooms, long restarts) {
    private static final Set<String> STATUSES = Set.of("off", "starting", "up", "down");

    public static final SfuHealth OFF = new SfuHealth("off", "off", 0, 0);

    public SfuHealth {
        Objects.requireNonNull(mode, "mode");
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("sfu status: '" + status + "' (expected: one of " + STATUSES + ")");
        }
        if (rooms < 0 || restarts < 0) {
            throw new IllegalArgumentException(
                    "sfu rooms, restarts: " + rooms + ", " + restarts + " (expected: not negative)");
        }
    }
}
