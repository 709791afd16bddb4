package com.securevox.call.cluster;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The waits between tries of something that failed: from {@code min}, doubling up to {@code max}. A wait ends at once
 * when {@code stop} is counted down, so a closing bus does not sit out a back-off.
 */
final class Backoff {
    private final Duration min;
    private final Duration max;
    private final CountDownLatch stop;
    private Duration next;
    private int failures;

    Backoff(Duration min, Duration max, CountDownLatch stop) {
        this.min = min;
        this.max = max;
        this.stop = stop;
        this.next = min;
    }

    /** How many failures in a row so far. */
    int failures() {
        return failures;
    }

    /** Counts a failure and waits; false when the wait ended because of {@code stop} or an interrupt. */
    boolean failed() {
        failures++;
        Duration wait = next;
        next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
        try {
            return !stop.await(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** After a success: the next failure waits {@code min} again. Returns how many failures there had been. */
    int succeeded() {
        int had = failures;
        failures = 0;
        next = min;
        return had;
    }
}
