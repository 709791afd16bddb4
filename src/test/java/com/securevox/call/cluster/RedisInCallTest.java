package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.testing.Await;
import com.securevox.call.testing.MutableClock;
import com.securevox.call.testing.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

class RedisInCallTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration TTL = Duration.ofSeconds(30);
    /** Long, for the tests that compare by hand ({@link RedisInCall#sync}) and never start the rounds. */
    private static final Duration CHECK = Duration.ofSeconds(5);

    private RedisServer redis;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final AtomicReference<Set<String>> live = new AtomicReference<>(Set.of("node-a", "node-b"));
    private final AtomicReference<Set<String>> inA = new AtomicReference<>(Set.of());
    private final List<AutoCloseable> closing = new ArrayList<>();
    private RedisInCall a;
    private RedisInCall b;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        a = node("node-a", inA, CHECK);
        b = node("node-b", new AtomicReference<>(Set.of()), CHECK);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        redis.close();
    }

    private RedisInCall node(String id, AtomicReference<Set<String>> members, Duration check) {
        UnifiedJedis client = RedisClients.open(RedisSettings.standalone("127.0.0.1", redis.port(), TIMEOUT), id);
        closing.add(client);
        RedisInCall inCall = new RedisInCall(client, id, live::get, members::get, clock, TTL, check);
        closing.add(inCall);
        return inCall;
    }

    @Test
    void someoneInACallOnOneNodeIsInACallForTheOthersUntilTheyLeaveIt() {
        inA.set(Set.of("bob"));
        a.sync();

        assertThat(b.inCall(List.of("bob", "carol"))).containsExactly("bob");
        assertThat(a.inCall(List.of("bob")))
                .as("its own node's calls are Busy's, not elsewhere")
                .isEmpty();

        inA.set(Set.of());
        a.sync();

        assertThat(b.inCall(List.of("bob"))).isEmpty();
        assertThat(redis.command("ZCARD securevox:incall:bob")).isEqualTo(":0");
    }

    @Test
    void theRoundsFollowTheCallsByThemselves() {
        RedisInCall c = node("node-c", inA, Duration.ofMillis(20));
        live.set(Set.of("node-a", "node-b", "node-c"));
        c.start();

        inA.set(Set.of("bob"));
        Await.until(() -> b.inCall(List.of("bob")).contains("bob"));

        inA.set(Set.of("carol"));
        Await.until(() -> b.inCall(List.of("bob", "carol")).equals(Set.of("carol")));
    }

    @Test
    void aChangeIsWrittenAtOnceLongBeforeTheNextCheck() {
        AtomicReference<Set<String>> inC = new AtomicReference<>(Set.of());
        RedisInCall c = node("node-c", inC, Duration.ofSeconds(5)); // the repair round: far off
        live.set(Set.of("node-a", "node-b", "node-c"));
        c.start();

        for (String userId : List.of("bob", "carol", "dave")) {
            long before = System.nanoTime();
            inC.set(Set.of(userId));
            c.changed();
            Await.until(() -> b.inCall(List.of(userId)).equals(Set.of(userId)));
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(4));
        }
        // Whoever left is removed as promptly.
        inC.set(Set.of());
        c.changed();
        Await.until(() -> b.inCall(List.of("bob", "carol", "dave")).isEmpty());
    }

    @Test
    void theEntriesOfANodeThatLeftTheLiveNodesAreIgnored() {
        inA.set(Set.of("bob"));
        a.sync();

        live.set(Set.of("node-b"));

        assertThat(b.inCall(List.of("bob"))).isEmpty();
    }

    @Test
    void anEntryIsWrittenAgainBeforeItLapsesAndLapsesWithoutIt() {
        inA.set(Set.of("bob"));
        a.sync();

        clock.advance(TTL.dividedBy(3));
        a.sync();
        clock.advance(TTL.minusSeconds(1));
        assertThat(b.inCall(List.of("bob"))).as("written again").containsExactly("bob");

        clock.advance(Duration.ofSeconds(2));
        assertThat(b.inCall(List.of("bob"))).as("a dead writer's entry lapses").isEmpty();
        assertThat(redis.command("ZCARD securevox:incall:bob"))
                .as("trimmed by the reader")
                .isEqualTo(":0");
    }

    @Test
    void aWriteThatFailedWhileRedisWasDownIsDoneOnceItAnswers() {
        redis.kill();
        inA.set(Set.of("bob"));
        a.sync();
        assertThat(b.inCall(List.of("bob"))).as("unreadable: nobody is busy").isEmpty();

        redis.restart();
        Await.until(() -> {
            a.sync();
            return b.inCall(List.of("bob")).contains("bob");
        });
    }

    @Test
    void closingRemovesThisNodesEntries() throws Exception {
        inA.set(Set.of("bob"));
        a.sync();

        a.close();

        assertThat(b.inCall(List.of("bob"))).isEmpty();
    }

    @Test
    void aTtlTooShortForTheChecksIsRefused() {
        assertThatThrownBy(() -> node("node-x", inA, Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl at least 6 times check");
    }
}
