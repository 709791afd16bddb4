package com.securevox.call.httpapi;

import com.securevox.call.signaling.ClockTimeMeter;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down clients that keep failing authentication: each address may fail {@code burst} times, refilled at
 * {@code perMinute}; a failure past that is answered 429 instead of 401. The limiter never refuses a credential by
 * itself: callers verify first and count only failures, so a correct credential from an address someone else keeps
 * failing from (a NAT, a proxy's forwarded client) still works, and valid credentials never spend anything.
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
        this.time = new ClockTimeMeter(clock);
    }

    /**
     * Whether this address has used up its failures: the caller should not do costly work for its next credential
     * (such as asking Django), only answer from what it knows.
     */
    public boolean blocked(String address) {
        Bucket bucket = buckets.get(address);
        return bucket != null && bucket.getAvailableTokens() <= 0;
    }

    /**
     * Records a failed authentication from this address.
     *
     * @return false when the address had no failures left: answer 429 rather than 401
     */
    public boolean failed(String address) {
        if (buckets.size() >= MAX_ADDRESSES && !buckets.containsKey(address)) {
            buckets.clear();
        }
        return buckets.computeIfAbsent(address, key -> newBucket()).tryConsume(1);
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .withCustomTimePrecision(time)
                .build();
    }
}
