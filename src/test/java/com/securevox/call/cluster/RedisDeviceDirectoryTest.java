package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.ConnectionId;
import com.securevox.call.ring.DeviceDirectory.Remote;
import com.securevox.call.testing.Await;
import com.securevox.call.testing.MutableClock;
import com.securevox.call.testing.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

class RedisDeviceDirectoryTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration TTL = Duration.ofSeconds(40);
    /** Long: the tests refresh by hand ({@link RedisDeviceDirectory#refreshAll}). */
    private static final Duration EVERY = Duration.ofSeconds(10);

    private RedisServer redis;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final AtomicReference<Set<String>> live = new AtomicReference<>(Set.of("node-a", "node-b"));
    private final List<AutoCloseable> closing = new ArrayList<>();
    private RedisDeviceDirectory a;
    private RedisDeviceDirectory b;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        a = node("node-a");
        b = node("node-b");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        redis.close();
    }

    private RedisDeviceDirectory node(String id) {
        UnifiedJedis client = RedisClients.open(RedisSettings.standalone("127.0.0.1", redis.port(), TIMEOUT), id);
        closing.add(client);
        RedisDeviceDirectory directory = new RedisDeviceDirectory(client, id, live::get, clock, TTL, EVERY);
        closing.add(directory);
        return directory;
    }

    @Test
    void aDeviceConnectionOnOneNodeIsListedOnTheOthersWithItsDeviceUntilItGoes() {
        ConnectionId phone = new ConnectionId("sock-phone");
        a.connected(phone, "bob");

        Await.until(() -> !b.elsewhere(List.of("bob")).isEmpty());
        assertThat(b.elsewhere(List.of("bob", "carol")))
                .isEqualTo(Map.of("bob", List.of(new Remote("node-a", phone, "bob", Optional.empty()))));
        assertThat(a.elsewhere(List.of("bob")))
                .as("its own node's connections are not elsewhere")
                .isEmpty();

        a.identified(phone, "bob", "device-7");
        Await.until(() -> b.elsewhere(List.of("bob"))
                .equals(Map.of("bob", List.of(new Remote("node-a", phone, "bob", Optional.of("device-7"))))));
        assertThat(redis.command("ZCARD securevox:devices:bob")).isEqualTo(":1");

        a.gone(phone, "bob");
        Await.until(() -> b.elsewhere(List.of("bob")).isEmpty());
    }

    @Test
    void theEntriesOfANodeThatLeftTheLiveNodesAreIgnored() {
        a.connected(new ConnectionId("sock-1"), "bob");
        Await.until(() -> !b.elsewhere(List.of("bob")).isEmpty());

        live.set(Set.of("node-b"));

        assertThat(b.elsewhere(List.of("bob"))).isEmpty();
    }

    @Test
    void anEntryLapsesWithoutARefreshAndTheRefreshWritesItAgain() {
        ConnectionId phone = new ConnectionId("sock-1");
        a.connected(phone, "bob");
        Await.until(() -> !b.elsewhere(List.of("bob")).isEmpty());

        clock.advance(TTL.plusSeconds(1));
        assertThat(b.elsewhere(List.of("bob"))).isEmpty();
        assertThat(redis.command("ZCARD securevox:devices:bob"))
                .as("trimmed by the reader")
                .isEqualTo(":0");

        a.refreshAll();
        assertThat(b.elsewhere(List.of("bob")))
                .isEqualTo(Map.of("bob", List.of(new Remote("node-a", phone, "bob", Optional.empty()))));
    }

    @Test
    void aMemberThisClassDoesNotWriteIsIgnored() {
        long future = clock.millis() + 60_000;
        redis.command("ZADD securevox:devices:bob " + future + " garbage");
        redis.command("ZADD securevox:devices:bob " + future + " node-a|sock-1|-");

        assertThat(b.elsewhere(List.of("bob")))
                .isEqualTo(Map.of(
                        "bob", List.of(new Remote("node-a", new ConnectionId("sock-1"), "bob", Optional.empty()))));
    }

    @Test
    void anUnreachableRedisListsNobodyAndRingingGoesOn() {
        redis.kill();

        assertThat(b.elsewhere(List.of("bob"))).isEmpty();
    }
}
