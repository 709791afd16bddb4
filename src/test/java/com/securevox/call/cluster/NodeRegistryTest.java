package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.CallOwnership;
import com.securevox.call.call.Ticker;
import com.securevox.call.testing.MutableClock;
import com.securevox.call.testing.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** Nodes announcing themselves in a real Redis of the test's own. */
class NodeRegistryTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final Duration TTL = Duration.ofSeconds(5);
    private static final Duration EVERY = Duration.ofSeconds(1);
    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    private RedisServer redis;
    private final MutableClock clock = new MutableClock(START);
    private final List<NodeRegistry> registries = new ArrayList<>();
    private final List<AutoCloseable> clients = new ArrayList<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        redis.resume();
        registries.forEach(NodeRegistry::close);
        for (AutoCloseable client : clients) {
            client.close();
        }
        redis.close();
    }

    private NodeRegistry node(String id, Duration ttl, Duration every, RedisHealth health) {
        UnifiedJedis client = RedisClients.open(settings(), id);
        clients.add(client);
        NodeRegistry registry = new NodeRegistry(
                client,
                new NodeEntry(id, "http://" + id + ":8002", START, false, 0, START),
                local(),
                ttl,
                every,
                clock,
                health);
        registries.add(registry);
        return registry;
    }

    private RedisSettings settings() {
        return RedisSettings.standalone("127.0.0.1", redis.port(), TIMEOUT);
    }

    private NodeRegistry.Local local() {
        return new NodeRegistry.Local() {
            @Override
            public boolean draining() {
                return draining.get();
            }

            @Override
            public int activeCalls() {
                return calls.get();
            }
        };
    }

    private NodeRegistry node(String id) {
        return node(id, TTL, EVERY, new RedisHealth(clock));
    }

    @Test
    void eachNodeListsEveryLiveNodeWithWhatItAnnounced() {
        NodeRegistry a = node("node-a");
        NodeRegistry b = node("node-b");
        calls.set(3);
        assertThat(a.beat()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        draining.set(true);
        assertThat(b.beat()).isTrue();
        assertThat(a.beat()).isTrue();

        assertThat(a.live())
                .containsExactly(
                        new NodeEntry("node-a", "http://node-a:8002", START, true, 3, START.plusSeconds(1)),
                        new NodeEntry("node-b", "http://node-b:8002", START, true, 3, START.plusSeconds(1)));
        assertThat(b.live()).extracting(NodeEntry::id).containsExactly("node-a", "node-b");
        long pttl = Long.parseLong(redis.command("PTTL securevox:node:node-a").substring(1));
        assertThat(pttl).isBetween(TTL.toMillis() - 2_000, TTL.toMillis());
    }

    @Test
    void aNodeThatStoppedIsGoneFromTheListAtOnce() {
        NodeRegistry a = node("node-a");
        NodeRegistry b = node("node-b");
        a.beat();
        b.beat();

        b.close();
        a.beat();

        assertThat(a.live()).extracting(NodeEntry::id).containsExactly("node-a");
        assertThat(redis.command("ZRANGE securevox:nodes 0 -1")).doesNotContain("node-b");
    }

    @Test
    void aNodeThatStopsAnnouncingDropsOutWhenItsEntryLapses() {
        NodeRegistry a = node("node-a");
        NodeRegistry b = node("node-b", Duration.ofMillis(400), Duration.ofMillis(100), new RedisHealth(clock));
        b.beat();
        a.beat();
        assertThat(a.live()).hasSize(2);

        // node-b is frozen, not stopped: only Redis's time to live ends its entry.
        awaitTrue(() -> a.beat() && a.live().size() == 1, Duration.ofSeconds(5));

        assertThat(a.live()).extracting(NodeEntry::id).containsExactly("node-a");
        assertThat(redis.command("ZRANGE securevox:nodes 0 -1")).doesNotContain("node-b");
    }

    @Test
    void anEntryThatIsNotOursIsSkippedAndTheOthersStillListed() {
        NodeRegistry a = node("node-a");
        redis.command("ZADD securevox:nodes 1 node-x");
        redis.command("HSET securevox:node:node-x id node-x url nope");
        redis.command("ZADD securevox:nodes 1 node-y");
        redis.command("HSET securevox:node:node-y id node-z url http://h started 1 draining 0 calls 0 seen 1");
        redis.command("ZADD securevox:nodes 1 bad:id");
        redis.command("ZADD securevox:nodes 1 node-w");
        redis.command("SET securevox:node:node-w hello");

        assertThat(a.beat()).isTrue();

        assertThat(a.live()).extracting(NodeEntry::id).containsExactly("node-a");
    }

    @Test
    void afterAnOutageANodeWhoseEntryLapsedIsListedUntilItHadATtlToAnnounceItselfAgain() {
        NodeRegistry a = node("node-a");
        NodeRegistry b = node("node-b");
        NodeRegistry c = node("node-c");
        a.beat();
        b.beat();
        c.beat();
        a.beat();
        assertThat(a.live()).extracting(NodeEntry::id).containsExactly("node-a", "node-b", "node-c");
        redis.pause();
        clock.advance(Duration.ofSeconds(1));
        assertThat(a.beat()).isFalse();
        redis.resume();
        // Every announcement lapsed while Redis was away; node-a is the first back.
        redis.command("DEL " + NodeRegistry.key("node-b") + " " + NodeRegistry.key("node-c"));

        clock.advance(Duration.ofSeconds(1));
        assertThat(a.beat()).isTrue();
        assertThat(a.live()).extracting(NodeEntry::id).containsExactly("node-a", "node-b", "node-c");

        // node-b announces itself again within the ttl; node-c, gone meanwhile, does not.
        b.beat();
        clock.advance(TTL);
        assertThat(a.beat()).isTrue();
        assertThat(a.live()).extracting(NodeEntry::id).containsExactly("node-a", "node-b");
    }

    @Test
    void aNodesListOfAnotherTypeIsBadDataNotAnOutage() {
        RedisHealth health = new RedisHealth(clock);
        NodeRegistry a = node("node-a", TTL, EVERY, health);
        NodeRegistry b = node("node-b", TTL, EVERY, new RedisHealth(clock));
        b.beat();
        a.beat();
        redis.command("DEL securevox:nodes");
        redis.command("SET securevox:nodes hello");
        clock.advance(Duration.ofSeconds(1));

        assertThat(a.beat()).isTrue();

        assertThat(health.status()).isEqualTo(new RedisHealth.Reachable(START));
        assertThat(a.live()).extracting(NodeEntry::id).containsExactly("node-a", "node-b");
        redis.command("DEL securevox:nodes");
        assertThat(b.beat()).isTrue();
        assertThat(a.beat()).isTrue();
        assertThat(a.live()).extracting(NodeEntry::id).containsExactly("node-a", "node-b");
    }

    @Test
    void whileRedisHangsTheLastListStaysAndHealthSaysUnreachableSinceWhen() {
        RedisHealth health = new RedisHealth(clock);
        NodeRegistry a = node("node-a", TTL, EVERY, health);
        a.beat();
        redis.pause();
        clock.advance(Duration.ofSeconds(3));

        assertThat(a.beat()).isFalse();

        assertThat(a.live()).extracting(NodeEntry::id).containsExactly("node-a");
        assertThat(health.status()).isInstanceOf(RedisHealth.Unreachable.class);
        assertThat(health.status().since()).isEqualTo(START.plusSeconds(3));
        clock.advance(Duration.ofSeconds(1));
        assertThat(a.beat()).isFalse();
        assertThat(health.status().since()).isEqualTo(START.plusSeconds(3));
        redis.resume();
        clock.advance(Duration.ofSeconds(1));
        assertThat(a.beat()).isTrue();
        assertThat(health.status()).isEqualTo(new RedisHealth.Reachable(START.plusSeconds(5)));
    }

    @Test
    void aNodeAnnouncesItselfOverTheConnectionsOfItsLeasesAndStoppingLeavesThemOpen() {
        RedisCallOwnership leases = RedisCallOwnership.open(settings(), "node-a", LeaseTimes.DEFAULT, Ticker.SYSTEM);
        clients.add(leases);
        NodeRegistry a = leases.nodes(
                new NodeEntry("node-a", "http://node-a:8002", START, false, 0, START),
                local(),
                TTL,
                EVERY,
                clock,
                new RedisHealth(clock));
        registries.add(a);

        assertThat(leases.acquire("call-1")).isInstanceOf(CallOwnership.Granted.class);
        assertThat(a.beat()).isTrue();
        assertThat(a.live()).extracting(NodeEntry::id).containsExactly("node-a");

        // One after the other, the lease and the heartbeat took the same pooled connection.
        assertThat(connectionsOf("node-a")).isEqualTo(1);
        a.close();
        assertThat(leases.acquire("call-2")).isInstanceOf(CallOwnership.Granted.class);
    }

    private long connectionsOf(String node) {
        return redis.command("CLIENT LIST")
                .lines()
                .filter(line -> line.contains(" name=securevox-call-" + node + " "))
                .count();
    }

    @Test
    void startedItAnnouncesOnItsOwnThread() {
        NodeRegistry a = node("node-a");
        a.start();

        awaitTrue(() -> a.live().size() == 1, Duration.ofSeconds(5));
        assertThat(redis.command("HGET securevox:node:node-a url")).endsWith("http://node-a:8002");
    }

    private static void awaitTrue(BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline)
                    .as("condition not met in " + within)
                    .isNegative();
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
