package com.securevox.call.process;

import java.time.Duration;
import java.util.Objects;

/**
 * Restart delays: {@code first}, doubling per death in a row up to {@code max}. A child that stayed up for
 * {@code stableAfter} counts as healthy again, so its next death starts over from {@code first}.
 */
public record Backoff(Duration first, Duration max, Duration stableAfter) {
    public static final Backoff DEFAULT =
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(1));

    public Backoff {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(stableAfter, "stableAfter");
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff: " + first + " to " + max + " (expected: 0 < first <= max)");
        }
    }

    /** The delay before restart number {@code deathsInARow} (1 for the first death). */
    public Duration delay(int deathsInARow) {
        if (deathsInARow < 1) {
            throw new IllegalArgumentException("deathsInARow: " + deathsInARow + " (expected: >= 1)");
        }
        Duration delay = first;
        for (int i = 1; i < deathsInARow && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
