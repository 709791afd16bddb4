package com.securevox.call.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RedisNodeBus} bounds what it keeps and how it waits.
 *
 * @param maxLength about how many entries an inbox stream keeps ({@code XADD MAXLEN ~}): a reader further behind than
 *     that has lost the oldest, and learns it from the sequence numbers
 * @param queueLimit how many messages may wait to be written to one node's inbox, while Redis is slow or unreachable;
 *     more are refused
 * @param block how long one {@code XREAD BLOCK} waits for entries
 * @param minBackoff the first wait before trying Redis again after a failure; it doubles after each one
 * @param maxBackoff the longest wait between tries
 * @param retention how long an inbox stream lives after the last write to it, so that the inboxes of nodes that are
 *     gone for good leave Redis
 * @param closeGrace how long {@link RedisNodeBus#close()} lets the writers finish what is queued
 */
public record NodeBusSettings(
        int maxLength,
        int queueLimit,
        Duration retention,
        Duration block,
        Duration minBackoff,
        Duration maxBackoff,
        Duration closeGrace) {
    public static final NodeBusSettings DEFAULT = new NodeBusSettings(
            10_000,
            10_000,
            Duration.ofDays(1),
            Duration.ofSeconds(1),
            Duration.ofMillis(50),
            Duration.ofSeconds(2),
            Duration.ofMillis(500));

    public NodeBusSettings {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(closeGrace, "closeGrace");
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength: " + maxLength + " (expected: > 0)");
        }
        if (queueLimit < 1) {
            throw new IllegalArgumentException("queueLimit: " + queueLimit + " (expected: > 0)");
        }
        if (retention.toMillis() < 1) {
            throw new IllegalArgumentException("retention: " + retention + " (expected: at least 1ms)");
        }
        if (block.toMillis() < 1 || block.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("block: " + block + " (expected: 1ms to 24 days)");
        }
        if (minBackoff.toMillis() < 1) {
            throw new IllegalArgumentException("minBackoff: " + minBackoff + " (expected: at least 1ms)");
        }
        if (maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException(
                    "maxBackoff: " + maxBackoff + " (expected: at least minBackoff " + minBackoff + ")");
        }
        if (closeGrace.isNegative()) {
            throw new IllegalArgumentException("closeGrace: " + closeGrace + " (expected: >= 0)");
        }
    }
}
