package com.securevox.call.cluster;

import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A sorted set whose members are scored by when they expire (the writer's clock, epoch milliseconds), as the
 * directories of device connections and of who is in a call keep them: each writer writes its members again before
 * they lapse, and whoever reads the set trims the lapsed ones.
 */
final class ExpiringMembers {
    private ExpiringMembers() {}

    /**
     * The members of {@code key} that have not lapsed at {@code now}, after trimming those that have.
     *
     * @throws JedisException when Redis does not answer
     */
    static List<String> read(UnifiedJedis redis, String key, long now) {
        redis.zremrangeByScore(key, Double.NEGATIVE_INFINITY, now);
        return redis.zrangeByScore(key, now, Double.POSITIVE_INFINITY);
    }

    /**
     * Adds or renews {@code member} until {@code expiresAt}; the set itself outlives its last member only by {@code
     * ttlMillis} more, so users who never come back leave no key behind.
     *
     * @throws JedisException when Redis does not answer
     */
    static void write(UnifiedJedis redis, String key, String member, long expiresAt, long ttlMillis) {
        redis.zadd(key, expiresAt, member);
        redis.pexpire(key, ttlMillis * 2);
    }
}
