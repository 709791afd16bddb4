package com.securevox.call.config;

/**
 * Per-socket limit on client events, as a token bucket: {@code perSecond} refill, {@code burst} capacity. The burst
 * must be large because a client starting a call sends a few hundred ICE candidates at once.
 */
public record EventRateLimit(int perSecond, int burst) {
    public static final int MAX_PER_SECOND = 10_000;
    public static final int MAX_BURST = 100_000;

    public EventRateLimit {
        if (perSecond < 1 || perSecond > MAX_PER_SECOND) {
            throw new IllegalArgumentException(
                    "event rate: " + perSecond + " (expected: 1 to " + MAX_PER_SECOND + " per second)");
        }
        if (burst < perSecond || burst > MAX_BURST) {
            throw new IllegalArgumentException(
                    "event burst: " + burst + " (expected: " + perSecond + " to " + MAX_BURST + ")");
        }
    }
}
