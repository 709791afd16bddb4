package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** The glare claims of pairs of people, in a real Redis of the test's own, shared by two nodes' clients. */
class RedisGlarePairsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration RING = Duration.ofSeconds(30);

    private RedisServer redis;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private RedisGlarePairs a;
    private RedisGlarePairs b;

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

    private RedisGlarePairs node(String id) {
        UnifiedJedis client = RedisClients.open(RedisSettings.standalone("127.0.0.1", redis.port(), TIMEOUT), id);
        closing.add(client);
        return new RedisGlarePairs(client);
    }

    @Test
    void theSecondOfTwoPeopleRingingEachOtherMeetsTheFirstsRing() {
        assertThat(a.claim("alice", "bob", "call-1", RING)).isEmpty();

        assertThat(b.claim("bob", "alice", "call-2", RING)).contains("call-1");
        // Still held by alice's ring: bob's claim took nothing.
        assertThat(b.claim("bob", "alice", "call-3", RING)).contains("call-1");
        assertThat(redis.command("GET " + RedisGlarePairs.key("bob", "alice"))).endsWith("<call-1");
    }

    @Test
    void anotherRingTheSameWayTakesThePairOver() {
        assertThat(a.claim("bob", "alice", "call-1", RING)).isEmpty();

        assertThat(b.claim("bob", "alice", "call-2", RING)).isEmpty();

        assertThat(a.claim("alice", "bob", "call-3", RING)).contains("call-2");
    }

    @Test
    void releasingLetsGoOnlyOfTheClaimNamed() {
        a.claim("alice", "bob", "call-1", RING);

        b.release("bob", "alice", "call-1"); // the other way round: not this claim
        a.release("alice", "bob", "call-9"); // another call
        assertThat(b.claim("bob", "alice", "call-2", RING)).contains("call-1");

        a.release("alice", "bob", "call-1");
        assertThat(b.claim("bob", "alice", "call-2", RING)).isEmpty();
    }

    @Test
    void aClaimLastsItsTime() {
        a.claim("alice", "bob", "call-1", Duration.ofMillis(50));
        String key = RedisGlarePairs.key("alice", "bob");
        assertThat(Long.parseLong(redis.command("PTTL " + key).substring(1))).isBetween(1L, 50L);

        com.securevox.call.testing.Await.until(
                () -> redis.command("EXISTS " + key).equals(":0"));
        assertThat(b.claim("bob", "alice", "call-2", RING)).isEmpty();
    }

    @Test
    void aValueNoNodeWroteIsTakenOver() {
        String key = RedisGlarePairs.key("alice", "bob");
        for (String junk : List.of("x", "?call-1", "<", "")) {
            redis.command("SET " + key + " \"" + junk + "\"");

            assertThat(a.claim("bob", "alice", "call-2", RING)).as(junk).isEmpty();
            assertThat(redis.command("GET " + key)).as(junk).endsWith(">call-2");
        }
    }

    @Test
    void userIdsThatLookAlikeMakeDifferentPairs() {
        assertThat(RedisGlarePairs.key("a:b", "c")).isNotEqualTo(RedisGlarePairs.key("a", "b:c"));
        assertThat(RedisGlarePairs.key("alice", "bob")).isEqualTo(RedisGlarePairs.key("bob", "alice"));
        a.claim("a:b", "c", "call-1", RING);

        assertThat(b.claim("b:c", "a", "call-2", RING)).isEmpty();
    }

    @Test
    void ofManyInvitesCrossingEachOtherAtOnceExactlyOneOfEachPairRings() throws Exception {
        int pairs = 200;
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Optional<String>>> fromAlice = new ArrayList<>();
            List<CompletableFuture<Optional<String>>> fromBob = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                String alice = "alice-" + i;
                String bob = "bob-" + i;
                int pair = i;
                fromAlice.add(CompletableFuture.supplyAsync(
                        () -> {
                            await(go);
                            return a.claim(alice, bob, "a-" + pair, RING);
                        },
                        threads));
                fromBob.add(CompletableFuture.supplyAsync(
                        () -> {
                            await(go);
                            return b.claim(bob, alice, "b-" + pair, RING);
                        },
                        threads));
            }
            go.countDown();
            for (int i = 0; i < pairs; i++) {
                Optional<String> aliceMet = fromAlice.get(i).get(10, TimeUnit.SECONDS);
                Optional<String> bobMet = fromBob.get(i).get(10, TimeUnit.SECONDS);
                assertThat(aliceMet.isEmpty() ^ bobMet.isEmpty())
                        .as("pair %d: %s / %s", i, aliceMet, bobMet)
                        .isTrue();
                // The one that did not ring met the other's call.
                assertThat(aliceMet.or(() -> bobMet)).contains(aliceMet.isEmpty() ? "a-" + i : "b-" + i);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void await(CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
