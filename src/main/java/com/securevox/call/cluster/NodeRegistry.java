package com.securevox.call.cluster;

import com.securevox.call.call.CallOwnership.Owner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The nodes sharing a Redis, as each announces itself: every {@code every} a node writes its {@link NodeEntry} to the
 * hash {@code securevox:node:<id>} with a time to live of {@code ttl}, and adds its id to the sorted set {@code
 * securevox:nodes} (scored by the time it was last seen). A node is live while its hash exists: Redis's own clock ends
 * it, so clock differences between nodes do not matter. Ids whose hash is gone are removed from the set by whoever
 * lists the nodes next.
 *
 * <p>Every command touches one key, and the one script declares its one key, so the layout works on a Redis Cluster
 * too; no SCAN is needed to list the nodes. Listing happens on the heartbeat's thread, after each announcement, and
 * {@link #live()} hands out the latest list without I/O: a {@code /health} request never waits for Redis.
 */
public final class NodeRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);
    static final String NODES = "securevox:nodes";

    /** KEYS: the node's hash; ARGV: ttl ms, then field, value pairs. Written and given its ttl at once. */
    private static final String ANNOUNCE = """
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], unpack(ARGV, 2))
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return 1
            """;

    /** What this node says of itself at each announcement. */
    public interface Local {
        boolean draining();

        int activeCalls();
    }

    private final UnifiedJedis redis;
    private final String id;
    private final String url;
    private final Instant startedAt;
    private final Local local;
    private final Duration ttl;
    private final Duration every;
    private final Clock clock;
    private final RedisHealth health;
    private final Rounds heartbeat;
    private volatile List<NodeEntry> live = List.of();
    /** Whether the last heartbeat found the nodes' list of another type: logged once, not every heartbeat. */
    private boolean listBroken;
    /** Whether the last heartbeat failed: the next one that succeeds starts a {@link #recoveredAt} grace. */
    private boolean lastFailed;
    /**
     * When Redis answered this node's heartbeat again after an outage; null outside the ttl after that. Every node's
     * announcement may have lapsed during the outage: until each had a heartbeat to announce itself again, a node
     * missing from the list is not taken for gone (its proxied sockets would be cut for nothing).
     */
    private Instant recoveredAt;

    /**
     * @param redis the node's client for its leases too ({@link RedisCallOwnership#nodes}): a heartbeat a second needs
     *     no connections of its own; not closed here
     * @param ttl how long an announcement lasts: several times {@code every}, so that a late heartbeat or two does not
     *     make a node look gone
     */
    public NodeRegistry(
            UnifiedJedis redis,
            NodeEntry self,
            Local local,
            Duration ttl,
            Duration every,
            Clock clock,
            RedisHealth health) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.id = self.id();
        this.url = self.url();
        this.startedAt = self.startedAt();
        this.local = Objects.requireNonNull(local, "local");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.every = Objects.requireNonNull(every, "every");
        if (every.toMillis() < 1 || ttl.compareTo(every.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException(
                    "ttl: " + ttl + ", every: " + every + " (expected: every at least 1ms, ttl at least twice every)");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.health = Objects.requireNonNull(health, "health");
        this.heartbeat = new Rounds(
                "node-registry",
                () -> {
                    beat();
                    return every.toNanos();
                },
                every);
    }

    /** Announces this node at once, then every {@code every} on the thread {@code node-registry}. */
    public void start() {
        heartbeat.start();
    }

    /** One heartbeat: announces this node, then lists the live ones. False when Redis did not answer. */
    boolean beat() {
        boolean wasReachable = health.reachable();
        try {
            announce();
            live = afterOutage(list());
            lastFailed = false;
            health.answered();
            if (listBroken) {
                log.info("{}: a sorted set again; {} nodes live", NODES, live.size());
                listBroken = false;
            }
            if (!wasReachable) {
                log.info("redis answers again; {} nodes live", live.size());
            }
            return true;
        } catch (JedisException e) {
            Optional<RedisValueException> wrongType = RedisValues.wrongType(e);
            if (wrongType.isPresent()) {
                // Only the nodes' list can be of another type here (the announcement replaces this node's hash):
                // bad data, with Redis answering. The last list stays until someone fixes the key.
                health.answered();
                if (!listBroken) {
                    log.error(
                            "{}: {}; nodes not listed until it is deleted",
                            NODES,
                            wrongType.get().getMessage());
                }
                listBroken = true;
                return true;
            }
            lastFailed = true;
            health.failed("node heartbeat: " + e.getMessage());
            if (wasReachable) {
                log.warn("redis unreachable: node heartbeat: {}", e.getMessage());
            }
            return false;
        }
    }

    /**
     * The nodes listed now, and within a ttl of Redis answering again after an outage, also those listed before it
     * that have not announced themselves again yet.
     */
    private List<NodeEntry> afterOutage(List<NodeEntry> listed) {
        Instant now = clock.instant();
        if (lastFailed) {
            recoveredAt = now;
        }
        if (recoveredAt == null) {
            return listed;
        }
        if (!now.isBefore(recoveredAt.plus(ttl))) {
            recoveredAt = null;
            return listed;
        }
        Set<String> ids = listed.stream().map(NodeEntry::id).collect(Collectors.toSet());
        List<NodeEntry> nodes = new ArrayList<>(listed);
        live.stream().filter(e -> !ids.contains(e.id())).forEach(nodes::add);
        nodes.sort(Comparator.comparing(NodeEntry::id));
        return List.copyOf(nodes);
    }

    private void announce() {
        Instant now = clock.instant();
        NodeEntry entry = new NodeEntry(id, url, startedAt, local.draining(), local.activeCalls(), now);
        List<String> args = new ArrayList<>();
        args.add(Long.toString(ttl.toMillis()));
        entry.encode().forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        redis.eval(ANNOUNCE, List.of(key(id)), args);
        redis.zadd(NODES, now.toEpochMilli(), id);
    }

    private List<NodeEntry> list() {
        List<NodeEntry> nodes = new ArrayList<>();
        for (String member : redis.zrange(NODES, 0, -1)) {
            if (!Owner.isValidNode(member)) {
                log.warn(
                        "{}: member {} is not a node id (expected: 1 to 64 of [A-Za-z0-9._-]); ignored",
                        NODES,
                        RedisValues.shown(member));
                continue;
            }
            Map<String, String> hash;
            try {
                hash = redis.hgetAll(key(member));
            } catch (JedisException e) {
                RedisValueException wrongType = RedisValues.wrongType(e).orElseThrow(() -> e);
                log.warn("{}: {}; ignored", key(member), wrongType.getMessage());
                continue;
            }
            if (hash.isEmpty()) {
                // Its announcement lapsed: the node stopped or lost Redis for longer than the ttl.
                redis.zrem(NODES, member);
                continue;
            }
            try {
                NodeEntry entry = NodeEntry.decode(hash);
                if (!entry.id().equals(member)) {
                    throw new RedisValueException(
                            "node entry id: '" + entry.id() + "' (expected: '" + member + "', as in its key)");
                }
                nodes.add(entry);
            } catch (RedisValueException e) {
                log.warn("{}: {}; ignored", key(member), e.getMessage());
            }
        }
        nodes.sort(Comparator.comparing(NodeEntry::id));
        return List.copyOf(nodes);
    }

    /** The live nodes as last listed, this one included once it announced itself; no I/O. */
    public List<NodeEntry> live() {
        return live;
    }

    /**
     * Stops announcing and removes this node's entry, so the others stop listing it at once; the client stays open for
     * whoever else uses it.
     */
    @Override
    public void close() {
        heartbeat.stop(Duration.ofSeconds(5));
        try {
            redis.del(key(id));
            redis.zrem(NODES, id);
        } catch (JedisException e) {
            log.warn("removing node {} from redis: {}", id, e.getMessage());
        }
    }

    static String key(String node) {
        return "securevox:node:" + node;
    }
}
