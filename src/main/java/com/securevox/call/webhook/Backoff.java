package com.securevox.call.webhook;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential back-off with jitter: after the n-th failure, a pause of {@code first * 2^(n-1)} capped at {@code max},
 * of which a random half is taken off, so receivers coming back are not hit by every sender at once.
 */
record Backoff(Duration first, Duration max, DoubleSupplier random) {

    Duration after(int failures) {
        long base = first.toMillis() << Math.min(Math.max(failures - 1, 0), 30);
        long capped = Math.min(base, max.toMillis());
        long jittered = capped / 2 + (long) (random.getAsDouble() * (capped - capped / 2));
        return Duration.ofMillis(Math.max(jittered, 1));
    }
}
