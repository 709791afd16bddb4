package com.securevox.call.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a call's lease lives in Redis, and how much sooner the owner stops trusting it.
 *
 * @param ttl the lease's time to live in Redis, from each acquisition or renewal
 * @param margin how much earlier than {@code ttl} the owner's local deadline falls, for clock-rate drift between the
 *     node and Redis
 */
public record LeaseTimes(Duration ttl, Duration margin) {
    public static final LeaseTimes DEFAULT = new LeaseTimes(Duration.ofSeconds(10), Duration.ofMillis(500));

    public LeaseTimes {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(margin, "margin");
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: at least 1ms)");
        }
        if (margin.isNegative() || margin.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("margin: " + margin + " (expected: 0 to less than ttl " + ttl + ")");
        }
    }

    /**
     * How often the held leases are renewed: three tries fit in one time to live, so one lost or slow renewal costs
     * nothing.
     */
    public Duration renewEvery() {
        return ttl.dividedBy(3);
    }

    /** How soon a renewal that found Redis unreachable is tried again (the deadline is checked meanwhile). */
    public Duration retryEvery() {
        Duration retry = ttl.dividedBy(10);
        return retry.isZero() ? Duration.ofNanos(1) : retry;
    }

    /** How long after sending a granting command the owner may act on it. */
    public Duration localValidity() {
        return ttl.minus(margin);
    }
}
