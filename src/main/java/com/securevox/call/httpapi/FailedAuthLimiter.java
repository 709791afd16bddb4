package com.securevox.call.httpapi;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing of API keys and user tokens: each address may fail authentication {@code
 * burst} times, refilled at {@code perMinute}; past that its API requests get 429 until it has
 * tokens again. Backends that present valid credentials never spend anything, however many tokens
 * they mint.
 */
public final class FailedAuthLimiter {
    /** Addresses remembered at most; past that the table starts afresh (a flood of addresses). */
    static final int MAX_ADDRESSES = 10_000;

    private final long burst;
    private final long perMinute;
    private final TimeMeter time;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public FailedAuthLimiter(long burst, long perMinute, Clock clock) {
        if (burst <= 0 || perMinute <= 0) {
            throw new IllegalArgumentException(
                    "burst: " + burst + ", perMinute: " + perMinute + " (expected: both > 0)");
        }
        this.burst = burst;
        this.perMinute = perMinute;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    /** Whether this address has used up its failures. */
    public boolean blocked(String address) {
        Bucket bucket = buckets.get(address);
        return bucket != null && bucket.getAvailableTokens() <= 0;
    }

    /** Records a failed authentication from this address. */
    public void failed(String address) {
        if (buckets.size() >= MAX_ADDRESSES && !buckets.containsKey(address)) {
            buckets.clear();
        }
        buckets.computeIfAbsent(address, key -> newBucket()).tryConsume(1);
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .withCustomTimePrecision(time)
                .build();
    }
}
