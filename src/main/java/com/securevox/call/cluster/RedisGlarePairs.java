package com.securevox.call.cluster;

import com.securevox.call.ring.GlarePairs;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The glare rule across nodes in Redis: per unordered pair of people one key, {@code
 * securevox:glare:<length of the first>:<first>:<second>} (the two user ids in order), holding which of the two rings
 * the other and in which call: {@code <} or {@code >} (the first rings the second, or the second the first), then the
 * call's id. It lasts a ring timeout. Reading and writing it is one script, so of two invites crossing each other
 * exactly one takes the pair and the other finds it taken.
 */
public final class RedisGlarePairs implements GlarePairs {
    private static final Logger log = LoggerFactory.getLogger(RedisGlarePairs.class);
    static final String PREFIX = "securevox:glare:";

    /**
     * Takes the pair unless the other direction holds it: then answers the other call's id. A value of any other shape
     * (not written by a node) is taken over.
     */
    private static final String CLAIM = """
            local held = redis.call('GET', KEYS[1])
            if held and string.len(held) > 1 then
              local way = string.sub(held, 1, 1)
              if (way == '<' or way == '>') and way ~= string.sub(ARGV[1], 1, 1) then
                return string.sub(held, 2)
              end
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return false
            """;

    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    private final UnifiedJedis redis;

    /** @param redis not closed here */
    RedisGlarePairs(UnifiedJedis redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    @Override
    public Optional<String> claim(String caller, String invitee, String sessionId, Duration ttl) {
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: at least 1ms)");
        }
        Object reply;
        try {
            reply = redis.eval(
                    CLAIM,
                    List.of(key(caller, invitee)),
                    List.of(value(caller, invitee, sessionId), Long.toString(ttl.toMillis())));
        } catch (JedisException e) {
            log.warn(
                    "glare: the pair {} and {} cannot be claimed, the invite rings: {}",
                    caller,
                    invitee,
                    e.getMessage());
            return Optional.empty();
        }
        return reply instanceof String theirs && !theirs.isEmpty() ? Optional.of(theirs) : Optional.empty();
    }

    @Override
    public void release(String caller, String invitee, String sessionId) {
        try {
            redis.eval(RELEASE, List.of(key(caller, invitee)), List.of(value(caller, invitee, sessionId)));
        } catch (JedisException e) {
            log.warn("glare: the pair {} and {} cannot be let go, it lapses: {}", caller, invitee, e.getMessage());
        }
    }

    static String key(String one, String other) {
        String first = one.compareTo(other) <= 0 ? one : other;
        String second = first.equals(one) ? other : one;
        return PREFIX + first.length() + ":" + first + ":" + second;
    }

    private static String value(String caller, String invitee, String sessionId) {
        return (caller.compareTo(invitee) <= 0 ? "<" : ">") + sessionId;
    }
}
