package com.securevox.call.httpapi;

import java.util.Objects;
import java.util.Set;

/**
 * What {@code /health} says about the history database, from what the history writer knows in memory: a probe never
 * waits on the database itself, and the writer finds out as soon as a write fails.
 *
 * @param kind {@code sqlite} or {@code postgresql}
 * @param status {@code up} (the last write went through, or none was needed yet) or {@code failing} (the writer is
 *     retrying a batch the database refused; calls go on, their history waits in the queue)
 * @param failedWrites attempts at the waiting batch that failed; 0 when up
 * @param queued facts waiting to be written
 * @param dropped facts dropped since start (the queue was full)
 */
public record DatabaseHealth(String kind, String status, int failedWrites, int queued, long dropped) {
    private static final Set<String> KINDS = Set.of("sqlite", "postgresql");

    public DatabaseHealth {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("database kind: '" + kind + "' (expected: one of " + KINDS + ")");
        }
        if (failedWrites < 0 || queued < 0 || dropped < 0) {
            throw new IllegalArgumentException("database failedWrites, queued, dropped: " + failedWrites + ", " + queued
                    + ", " + dropped + " (expected: not negative)");
        }
        String expected = failedWrites == 0 ? "up" : "failing";
        if (!status.equals(expected)) {
            throw new IllegalArgumentException("database status: '" + status + "' with " + failedWrites
                    + " failed writes (expected: '" + expected + "')");
        }
    }

    /** The status follows from the failed writes. */
    public static DatabaseHealth of(String kind, int failedWrites, int queued, long dropped) {
        return new DatabaseHealth(kind, failedWrites == 0 ? "up" : "failing", failedWrites, queued, dropped);
    }
}
