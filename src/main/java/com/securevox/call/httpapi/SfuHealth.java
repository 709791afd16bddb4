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
 * @param adminApi whether the server reads Janus's Admin API for its own view of SFU calls' quality: {@code off} (no
 *     Admin API configured), {@code starting}, {@code up} or {@code down} (unreachable or refusing us; calls go on)
 */
public record SfuHealth(String mode, String status, int rooms, long restarts, String adminApi) {
    private static final Set<String> STATUSES = Set.of("off", "starting", "up", "down");

    public static final SfuHealth OFF = new SfuHealth("off", "off", 0, 0);

    /** Without the Admin API. */
    public SfuHealth(String mode, String status, int rooms, long restarts) {
        this(mode, status, rooms, restarts, "off");
    }

    public SfuHealth {
        Objects.requireNonNull(mode, "mode");
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("sfu status: '" + status + "' (expected: one of " + STATUSES + ")");
        }
        if (!STATUSES.contains(adminApi)) {
            throw new IllegalArgumentException("sfu adminApi: '" + adminApi + "' (expected: one of " + STATUSES + ")");
        }
        if (rooms < 0 || restarts < 0) {
            throw new IllegalArgumentException(
                    "sfu rooms, restarts: " + rooms + ", " + restarts + " (expected: not negative)");
        }
    }
}
