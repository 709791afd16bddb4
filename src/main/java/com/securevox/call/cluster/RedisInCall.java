package com.securevox.call.cluster;

import com.securevox.call.ring.BusyElsewhere;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Who is in a call on which node, in Redis, so an invite on any node answers {@code busy} for them: per user the
 * sorted set {@code securevox:incall:<userId>} of the ids of the nodes serving a call the user is in, each scored by
 * when it expires (the writer's clock, in epoch milliseconds), as the {@link RedisDeviceDirectory} keeps devices.
 *
 * <p>This node's calls (and rings) in memory are the truth: a virtual thread compares who is in them with what it
 * wrote, adds the newcomers, removes those who left, and writes everyone again once a third of {@code ttl} has
 * passed, so a node that dies without removing its entries leaves them for {@code ttl} at most, and they are ignored
 * as soon as it leaves the live nodes. It does so when told that who is in them {@link #changed} (a join, a leave, a
 * ring's answer: the caller only signals, under its lock, and the comparison runs here, at most every {@link
 * #MIN_GAP}), and every {@code check} regardless, which brings back an entry lost with Redis's data or a write that
 * failed while Redis was out of reach, and catches what changes without being told (a call let go to another node,
 * an accepted ring's window running out).
 */
public final class RedisInCall implements BusyElsewhere, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisInCall.class);
    static final String PREFIX = "securevox:incall:";
    /** How soon after a round a change runs the next: a burst of joins is one comparison, not one each. */
    static final Duration MIN_GAP = Duration.ofMillis(50);

    private final UnifiedJedis redis;
    private final String node;
    private final Supplier<Set<String>> live;
    private final Supplier<Set<String>> members;
    private final Clock clock;
    private final Duration ttl;
    /** userId → when this node last wrote its entry; only the rounds' thread touches it. */
    private final Map<String, Long> written = new HashMap<>();
    /** Whether the last round's writes failed: an outage is logged once, not every round. */
    private boolean failing;

    private final Rounds rounds;

    /**
     * @param redis not closed here
     * @param live the ids of the live nodes now, without I/O; empty while not known (no node is left out then)
     * @param members who is in a call this node serves now, without I/O
     * @param ttl how long an entry lasts without being written again: more than the clocks of the nodes differ
     * @param check how often this node's calls are compared with what it wrote
     */
    RedisInCall(
            UnifiedJedis redis,
            String node,
            Supplier<Set<String>> live,
            Supplier<Set<String>> members,
            Clock clock,
            Duration ttl,
            Duration check) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.node = Objects.requireNonNull(node, "node");
        this.live = Objects.requireNonNull(live, "live");
        this.members = Objects.requireNonNull(members, "members");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (check.toMillis() < 1 || ttl.compareTo(check.multipliedBy(6)) < 0) {
            throw new IllegalArgumentException("ttl: " + ttl + ", check: " + check
                    + " (expected: check at least 1ms, ttl at least 6 times check)");
        }
        this.rounds = new Rounds(
                "in-call-directory",
                () -> {
                    sync();
                    return check.toNanos();
                },
                check,
                MIN_GAP);
    }

    /** Who is in this node's calls or rings may have changed: compared soon. Only signals; any thread, any lock. */
    public void changed() {
        rounds.wake();
    }

    /** Keeps this node's entries in step with its calls from now on. */
    public void start() {
        rounds.start();
    }

    @Override
    public Set<String> inCall(Collection<String> userIds) {
        Set<String> nodes = live.get();
        long now = clock.millis();
        Set<String> busy = new HashSet<>();
        for (String userId : userIds) {
            List<String> serving;
            try {
                serving = ExpiringMembers.read(redis, PREFIX + userId, now);
            } catch (JedisException e) {
                log.warn("in-call directory: the calls of userId={} cannot be read: {}", userId, e.getMessage());
                continue;
            }
            // This node's own calls are Busy's, read under the invite lock: fresher than what it wrote here.
            if (serving.stream().anyMatch(n -> !n.equals(node) && (nodes.isEmpty() || nodes.contains(n)))) {
                busy.add(userId);
            }
        }
        return Set.copyOf(busy);
    }

    /** One round: writes the newcomers and the entries due again, removes those who left. */
    void sync() {
        long now = clock.millis();
        Set<String> current = members.get();
        long again = ttl.toMillis() / 3;
        int failed = 0;
        String failure = "";
        for (String userId : current) {
            Long at = written.get(userId);
            if (at != null && now - at < again) {
                continue;
            }
            try {
                ExpiringMembers.write(redis, PREFIX + userId, node, now + ttl.toMillis(), ttl.toMillis());
                written.put(userId, now);
            } catch (JedisException e) {
                failed++;
                failure = e.getMessage();
            }
        }
        for (Iterator<String> users = written.keySet().iterator(); users.hasNext(); ) {
            String userId = users.next();
            if (current.contains(userId)) {
                continue;
            }
            try {
                redis.zrem(PREFIX + userId, node);
                users.remove();
            } catch (JedisException e) {
                failed++; // tried again next round; it lapses by itself meanwhile
                failure = e.getMessage();
            }
        }
        if (failed > 0 && !failing) {
            log.warn("in-call directory: {} writes failed, tried again every round: {}", failed, failure);
        } else if (failed == 0 && failing) {
            log.info("in-call directory: writing again");
        }
        failing = failed > 0;
    }

    /** Stops the rounds and removes this node's entries, as far as Redis answers (else they lapse). */
    @Override
    public void close() {
        if (!rounds.stop(Duration.ofSeconds(1))) {
            return; // a round still runs and owns the entries; they lapse
        }
        for (String userId : written.keySet()) {
            try {
                redis.zrem(PREFIX + userId, node);
            } catch (JedisException e) {
                return;
            }
        }
        written.clear();
    }
}
