package com.securevox.call.cluster;

import com.securevox.call.call.ConnectionId;
import com.securevox.call.ring.DeviceDirectory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The device connections of every node in Redis: per user the sorted set {@code securevox:devices:<userId>} of
 * {@link DeviceEntry} members, each scored by when it expires (this node's clock, in epoch milliseconds). This node
 * writes its own entries as its device connections come and go, and refreshes them every {@code every}, so an entry of
 * a node that died without removing it lapses within {@code ttl}; until then it is ignored because its node left the
 * live nodes. Lapsed entries are trimmed by whoever reads the set. One key per command: fit for a Redis Cluster too.
 *
 * <p>This node's entries ({@link #mine}) are the truth the refresh writes again, so an entry lost with Redis's data, or
 * whose write failed while Redis was out of reach, is back within {@code every}. Writes go one at a time, in order, on
 * a virtual thread of their own: an event loop only queues them.
 */
public final class RedisDeviceDirectory implements DeviceDirectory, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisDeviceDirectory.class);
    static final String PREFIX = "securevox:devices:";

    private record Mine(String userId, Optional<String> deviceId) {}

    private final UnifiedJedis redis;
    private final String node;
    private final Supplier<Set<String>> live;
    private final Clock clock;
    private final Duration ttl;
    private final Map<ConnectionId, Mine> mine = new ConcurrentHashMap<>();
    private final ExecutorService writes = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("device-directory").factory());
    private final Rounds refresh;

    /**
     * @param redis not closed here
     * @param live the ids of the live nodes now, without I/O; empty while not known (no node is left out then)
     * @param ttl how long an entry lasts without a refresh: several times {@code every}, and more than the clocks of
     *     the nodes differ
     */
    RedisDeviceDirectory(
            UnifiedJedis redis, String node, Supplier<Set<String>> live, Clock clock, Duration ttl, Duration every) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.node = Objects.requireNonNull(node, "node");
        this.live = Objects.requireNonNull(live, "live");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (every.toMillis() < 1 || ttl.compareTo(every.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException(
                    "ttl: " + ttl + ", every: " + every + " (expected: every at least 1ms, ttl at least twice every)");
        }
        this.refresh = new Rounds(
                "device-directory-refresh",
                () -> {
                    refreshAll();
                    return every.toNanos();
                },
                every);
    }

    /** Refreshes this node's entries every {@code every} from now on. */
    public void start() {
        refresh.start();
    }

    @Override
    public void connected(ConnectionId connection, String userId) {
        Mine entry = new Mine(userId, Optional.empty());
        mine.put(connection, entry);
        queue(() -> write(connection, entry, Optional.empty()));
    }

    @Override
    public void identified(ConnectionId connection, String userId, String deviceId) {
        Mine before = mine.get(connection);
        if (before == null || !before.userId().equals(userId)) {
            return;
        }
        Mine entry = new Mine(userId, Optional.of(deviceId));
        mine.put(connection, entry);
        queue(() -> write(connection, entry, Optional.of(before)));
    }

    @Override
    public void gone(ConnectionId connection, String userId) {
        Mine before = mine.remove(connection);
        if (before != null) {
            queue(() -> remove(connection, before));
        }
    }

    @Override
    public Map<String, List<Remote>> elsewhere(Collection<String> userIds) {
        Set<String> nodes = live.get();
        long now = clock.millis();
        Map<String, List<Remote>> found = new HashMap<>();
        for (String userId : userIds) {
            List<String> members;
            try {
                members = ExpiringMembers.read(redis, PREFIX + userId, now);
            } catch (JedisException e) {
                log.warn("device directory: the devices of userId={} cannot be read: {}", userId, e.getMessage());
                continue;
            }
            List<Remote> remote = new ArrayList<>();
            for (String member : members) {
                DeviceEntry entry;
                try {
                    entry = DeviceEntry.parse(member);
                } catch (RedisValueException e) {
                    log.warn("device directory: an entry of userId={} ignored: {}", userId, e.getMessage());
                    continue;
                }
                if (!entry.node().equals(node) && (nodes.isEmpty() || nodes.contains(entry.node()))) {
                    remote.add(new Remote(entry.node(), entry.connection(), userId, entry.deviceId()));
                }
            }
            if (!remote.isEmpty()) {
                found.put(userId, List.copyOf(remote));
            }
        }
        return found;
    }

    /** Stops the refresh and the writes; this node's entries lapse, or are ignored once it leaves the live nodes. */
    @Override
    public void close() {
        refresh.stop(Duration.ofSeconds(1));
        writes.shutdown();
        try {
            writes.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes every entry of this node's again, with a new expiry. */
    void refreshAll() {
        mine.forEach((connection, entry) -> {
            try {
                add(connection, entry);
            } catch (JedisException e) {
                log.warn("device directory: refreshing connection={} failed: {}", connection.value(), e.getMessage());
            }
        });
    }

    private void queue(Runnable write) {
        try {
            writes.execute(() -> {
                try {
                    write.run();
                } catch (JedisException e) {
                    // The refresh writes this node's entries again; a removal left undone lapses by itself.
                    log.warn("device directory: a write failed: {}", e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            // Closed: the node is stopping, and its entries lapse.
        }
    }

    private void write(ConnectionId connection, Mine entry, Optional<Mine> before) {
        if (mine.get(connection) != entry) {
            return; // changed or gone since: that write follows
        }
        before.ifPresent(b -> remove(connection, b));
        add(connection, entry);
    }

    private void add(ConnectionId connection, Mine entry) {
        if (!DeviceEntry.storable(connection, entry.deviceId())) {
            log.warn("device directory: connection={} cannot be listed (an id too long or with '|')", connection);
            return;
        }
        ExpiringMembers.write(
                redis,
                PREFIX + entry.userId(),
                new DeviceEntry(node, connection, entry.deviceId()).member(),
                clock.millis() + ttl.toMillis(),
                ttl.toMillis());
    }

    private void remove(ConnectionId connection, Mine entry) {
        if (DeviceEntry.storable(connection, entry.deviceId())) {
            redis.zrem(PREFIX + entry.userId(), new DeviceEntry(node, connection, entry.deviceId()).member());
        }
    }
}
