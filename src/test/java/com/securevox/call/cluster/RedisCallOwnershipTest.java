package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.CallOwnership.Claim;
import com.securevox.call.call.CallOwnership.Free;
import com.securevox.call.call.CallOwnership.Granted;
import com.securevox.call.call.CallOwnership.Held;
import com.securevox.call.call.CallOwnership.Lease;
import com.securevox.call.call.CallOwnership.Owner;
import com.securevox.call.call.CallOwnership.Unavailable;
import com.securevox.call.call.Ticker;
import com.securevox.call.testing.ManualTicker;
import com.securevox.call.testing.RedisServer;
import com.securevox.call.testing.TcpRelay;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lease and fencing rules against a real Redis of the test's own (it is paused and flushed here). */
class RedisCallOwnershipTest {
    /**
     * How long a node waits for Redis: what a paused Redis costs each command here, and long enough that a command
     * Redis does answer is not timed out on a loaded machine.
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private static final LeaseTimes TIMES = new LeaseTimes(Duration.ofSeconds(10), Duration.ofMillis(500));

    private RedisServer redis;
    private final List<RedisCallOwnership> nodes = new ArrayList<>();

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start();
    }

    @AfterEach
    void stop() {
        redis.resume(); // a test that failed while it was paused must not leave a stopped process behind
        nodes.forEach(RedisCallOwnership::close);
        redis.close();
    }

    private RedisCallOwnership node(String id, LeaseTimes times, Ticker ticker) {
        return node(redis.port(), id, times, ticker);
    }

    /** A node that reaches Redis on {@code port}, such as through a relay. */
    private RedisCallOwnership node(int port, String id, LeaseTimes times, Ticker ticker) {
        RedisCallOwnership node =
                RedisCallOwnership.open(RedisSettings.standalone("127.0.0.1", port, TIMEOUT), id, times, ticker);
        nodes.add(node);
        return node;
    }

    private RedisCallOwnership node(String id) {
        return node(id, TIMES, Ticker.SYSTEM);
    }

    private static Lease granted(Claim claim) {
        assertThat(claim).isInstanceOf(Granted.class);
        return ((Granted) claim).lease();
    }

    @Test
    void twoNodesContendingForTheSameCallsGetOneOwnerEach() throws Exception {
        RedisCallOwnership a = node("node-a");
        RedisCallOwnership b = node("node-b");
        int calls = 50;
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Claim>> fromA = new ArrayList<>();
            List<Future<Claim>> fromB = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                String call = "call-" + i;
                fromA.add(pool.submit(() -> {
                    go.await();
                    return a.acquire(call);
                }));
                fromB.add(pool.submit(() -> {
                    go.await();
                    return b.acquire(call);
                }));
            }
            go.countDown();
            for (int i = 0; i < calls; i++) {
                Claim x = fromA.get(i).get();
                Claim y = fromB.get(i).get();
                List<Claim> both = List.of(x, y);
                assertThat(both)
                        .as("call-" + i)
                        .filteredOn(Granted.class::isInstance)
                        .hasSize(1);
                Lease winner = both.stream()
                        .filter(Granted.class::isInstance)
                        .map(c -> ((Granted) c).lease())
                        .findFirst()
                        .orElseThrow();
                assertThat(winner.owner().epoch()).isEqualTo(1);
                assertThat(both).contains(new Held(winner.owner()));
                assertThat(a.owner("call-" + i)).isEqualTo(new Held(winner.owner()));
                RedisCallOwnership loser = winner.owner().node().equals("node-a") ? b : a;
                RedisCallOwnership owner = loser == a ? b : a;
                assertThat(owner.mayActAsOwner(winner)).isTrue();
                assertThat(loser.mayActAsOwner(winner)).isFalse();
            }
        }
    }

    @Test
    void actingAsOwnerEndsAtTheLocalDeadlineWhichNeverPassesTheRedisTtl() {
        ManualTicker ticker = new ManualTicker();
        RedisCallOwnership a = node("node-a", TIMES, ticker);
        long sent = ticker.nanos();

        Lease lease = granted(a.acquire("call-1"));

        assertThat(lease.validUntilNanos())
                .isEqualTo(sent + TIMES.ttl().minus(TIMES.margin()).toNanos());
        long pttl = Long.parseLong(redis.command("PTTL {call:call-1}:owner").substring(1));
        assertThat(pttl).isBetween(TIMES.ttl().toMillis() - 2_000, TIMES.ttl().toMillis());
        ticker.advance(TIMES.localValidity().minusNanos(1));
        assertThat(a.mayActAsOwner(lease)).isTrue();
        assertThat(a.acting()).isEqualTo(1);
        ticker.advance(Duration.ofNanos(1));
        assertThat(a.mayActAsOwner(lease)).isFalse();
        // Still held until the renewer finds it lapsed, but no longer acted on.
        assertThat(a.held()).containsExactly(lease);
        assertThat(a.acting()).isZero();
    }

    @Test
    void actingCountsTheLeasesWithinTheirDeadlineUntilReleased() {
        ManualTicker ticker = new ManualTicker();
        RedisCallOwnership a = node("node-a", TIMES, ticker);
        assertThat(a.acting()).isZero();
        Lease first = granted(a.acquire("call-1"));
        ticker.advance(Duration.ofSeconds(1));
        granted(a.acquire("call-2"));
        assertThat(a.acting()).isEqualTo(2);

        ticker.advance(TIMES.localValidity().minusSeconds(1));
        assertThat(a.acting()).as("call-1 past its deadline").isEqualTo(1);
        a.release(first);
        assertThat(a.acting()).isEqualTo(1);
    }

    @Test
    void aDeadlinePastTheTickersWrapStillEndsOnTime() {
        // nanoTime may start anywhere, even just below the wrap; the deadline is compared by difference.
        ManualTicker ticker = new ManualTicker();
        RedisCallOwnership a = node("node-a", TIMES, ticker);
        Lease lease = granted(a.acquire("call-1"));

        ticker.advance(TIMES.localValidity().minusMillis(1));
        assertThat(a.mayActAsOwner(lease)).isTrue();
        ticker.advance(Duration.ofMillis(1));

        assertThat(a.mayActAsOwner(lease)).isFalse();
        assertThat(lease.validUntilNanos()).isNegative(); // it wrapped
    }

    @Test
    void aRenewalMovesTheDeadlineFromWhenItWasSent() {
        ManualTicker ticker = new ManualTicker();
        RedisCallOwnership a = node("node-a", TIMES, ticker);
        Lease first = granted(a.acquire("call-1"));
        ticker.advance(Duration.ofSeconds(9));

        Lease renewed = granted(a.renew(first));

        assertThat(renewed.owner()).isEqualTo(first.owner());
        assertThat(renewed.validUntilNanos())
                .isEqualTo(ticker.nanos() + TIMES.localValidity().toNanos());
        // The old record still answers by the newest deadline this node has.
        ticker.advance(Duration.ofSeconds(5));
        assertThat(a.mayActAsOwner(first)).isTrue();
        assertThat(a.mayActAsOwner(renewed)).isTrue();
    }

    @Test
    void anOwnerCutOffFromRedisStopsActingByItsDeadlineAndAnotherTakesOverWithAHigherEpoch() {
        LeaseTimes shortLease = new LeaseTimes(Duration.ofMillis(1500), Duration.ofMillis(200));
        RedisCallOwnership a = node("node-a", shortLease, Ticker.SYSTEM);
        RedisCallOwnership b = node("node-b", shortLease, Ticker.SYSTEM);
        long before = System.nanoTime();
        Lease lease = granted(a.acquire("call-1"));
        // Redis ran the command, and started the key's time to live, before its reply came back.
        long answered = System.nanoTime();
        assertThat(lease.validUntilNanos() - before)
                .isLessThanOrEqualTo(shortLease.ttl().toNanos());

        redis.pause();
        Claim renewal = a.renew(lease);
        assertThat(renewal).isInstanceOf(Unavailable.class);
        assertThat(((Unavailable) renewal).reason()).startsWith("renew of call call-1: ");
        // Not renewed, but not known lost either: the old deadline still runs, then acting stops. Each answer is
        // bracketed by ticker readings, so a late poll (a loaded machine) cannot blur it: no answer begun after the
        // deadline says "owner", and none finished before it says "not owner".
        awaitNotOwnerFrom(a, lease);
        // Redis's own clock runs while it is stopped: past the ttl the key is gone when it answers again. Counted
        // from the reply, not from before the command: resumed any sooner, Redis could first run the renewal still
        // queued from node-a on a key not yet lapsed, and node-a would hold the call one more time to live.
        while (System.nanoTime() - (answered + shortLease.ttl().plusMillis(5).toNanos()) < 0) {
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        redis.resume();

        Lease taken = granted(b.acquire("call-1"));

        assertThat(taken.owner()).isEqualTo(new Owner("node-b", 2));
        assertThat(a.mayActAsOwner(lease)).isFalse();
        assertThat(b.mayActAsOwner(taken)).isTrue();
        assertThat(a.renew(lease)).isEqualTo(new Held(taken.owner()));
        assertThat(a.release(lease)).isFalse();
        assertThat(a.owner("call-1")).isEqualTo(new Held(taken.owner()));
    }

    @Test
    void aConnectionRedisDroppedWhileIdleDoesNotFailTheNextCommand() {
        // Redis restarted, or a relay on the way dropped every connection: the pool still holds them, idle.
        RedisCallOwnership a = node("node-a");
        granted(a.acquire("call-1"));
        assertThat(redis.command("CLIENT KILL TYPE normal SKIPME yes")).isNotEqualTo(":0");

        // The first call after Redis is back is not refused for a connection that died while nobody used it.
        assertThat(a.acquire("call-2")).isInstanceOf(Granted.class);
    }

    @Test
    void anOwnerCutOffWhileOthersStillReachRedisStopsActingBeforeAnotherTakesOver() {
        LeaseTimes shortLease = new LeaseTimes(Duration.ofMillis(1500), Duration.ofMillis(200));
        try (TcpRelay link = new TcpRelay(redis.port())) {
            RedisCallOwnership a = node(link.port(), "node-a", shortLease, Ticker.SYSTEM);
            RedisCallOwnership b = node("node-b", shortLease, Ticker.SYSTEM);
            Lease lease = granted(a.acquire("call-1"));

            link.pause();
            assertThat(a.renew(lease)).isInstanceOf(Unavailable.class);
            // node-b asks again and again, as a node holding a socket of the call would.
            Instant giveUp = Instant.now().plusSeconds(10);
            Claim claim;
            while (!((claim = b.acquire("call-1")) instanceof Granted)) {
                assertThat(claim).isEqualTo(new Held(lease.owner()));
                assertThat(Instant.now()).as("node-b never got the call").isBefore(giveUp);
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
            long grantedAt = System.nanoTime();

            // By the time Redis let node-b in, node-a had stopped acting on its own.
            assertThat(a.mayActAsOwner(lease)).isFalse();
            assertThat(grantedAt - lease.validUntilNanos()).isPositive();
            Lease taken = ((Granted) claim).lease();
            assertThat(taken.owner()).isEqualTo(new Owner("node-b", 2));
            link.resume();
            assertThat(a.renew(lease)).isEqualTo(new Held(taken.owner()));
            assertThat(a.release(lease)).isFalse();
            assertThat(b.mayActAsOwner(taken)).isTrue();
        }
    }

    @Test
    void aStaleOwnersRenewalAndReleaseFailAndItStopsActingAtOnce() {
        RedisCallOwnership a = node("node-a");
        RedisCallOwnership b = node("node-b");
        Lease stale = granted(a.acquire("call-1"));
        // As if the lease had lapsed while node-a was paused (a long GC, a frozen VM) and node-b took the call.
        redis.command("DEL {call:call-1}:owner");
        Lease current = granted(b.acquire("call-1"));
        assertThat(current.owner()).isEqualTo(new Owner("node-b", 2));
        // node-a's deadline has not passed, so only Redis can tell it: the renewal does.
        assertThat(a.mayActAsOwner(stale)).isTrue();

        assertThat(a.renew(stale)).isEqualTo(new Held(current.owner()));
        assertThat(a.mayActAsOwner(stale)).isFalse();
        assertThat(a.release(stale)).isFalse();
        assertThat(b.owner("call-1")).isEqualTo(new Held(current.owner()));
        assertThat(a.acquire("call-1")).isEqualTo(new Held(current.owner()));
        assertThat(b.mayActAsOwner(current)).isTrue();
    }

    @Test
    void aLeaseThatLapsedWithNobodyElseIsFreeNotRenewed() {
        RedisCallOwnership a = node("node-a");
        Lease lease = granted(a.acquire("call-1"));
        redis.command("DEL {call:call-1}:owner");

        assertThat(a.renew(lease)).isEqualTo(new Free());
        assertThat(a.mayActAsOwner(lease)).isFalse();
        // Taking it again is a new acquisition, with a new epoch.
        assertThat(granted(a.acquire("call-1")).owner()).isEqualTo(new Owner("node-a", 2));
    }

    @Test
    void anAcquisitionWhoseReplyWasLostIsTakenOverByTheNextWithItsEpoch() {
        RedisCallOwnership a = node("node-a");
        RedisCallOwnership b = node("node-b");
        // Granted in Redis, but the reply never reached node-a (it timed out while Redis was slow).
        redis.command("SET {call:call-1}:epoch 7");
        redis.command("SET {call:call-1}:owner node-a:7 PX 2000");

        Lease lease = granted(a.acquire("call-1"));

        assertThat(lease.owner()).isEqualTo(new Owner("node-a", 7));
        assertThat(a.mayActAsOwner(lease)).isTrue();
        // Taken over, so renewed for a whole time to live, not the 2 s left of the lost grant.
        assertThat(Long.parseLong(redis.command("PTTL {call:call-1}:owner").substring(1)))
                .isGreaterThan(2000);
        assertThat(b.acquire("call-1")).isEqualTo(new Held(new Owner("node-a", 7)));
    }

    @Test
    void aReleasedCallIsFreeAtOnceAndItsNextOwnerGetsANewEpoch() {
        RedisCallOwnership a = node("node-a");
        RedisCallOwnership b = node("node-b");
        Lease lease = granted(a.acquire("call-1"));

        assertThat(a.release(lease)).isTrue();

        assertThat(a.mayActAsOwner(lease)).isFalse();
        assertThat(b.owner("call-1")).isEqualTo(new Free());
        assertThat(granted(b.acquire("call-1")).owner()).isEqualTo(new Owner("node-b", 2));
        assertThat(a.release(lease)).isFalse();
    }

    @Test
    void garbageInAnOwnerKeyIsReportedNeverTakenForALease() {
        RedisCallOwnership a = node("node-a");
        redis.command("SET {call:call-1}:owner hello");
        redis.command("SET {call:call-2}:owner node-b:007");

        assertThat(a.owner("call-1"))
                .isEqualTo(
                        new Unavailable("owner of call call-1: {call:call-1}:owner holds no lease: owner value: 'hello'"
                                + " (expected: node:epoch, one colon)"));
        assertThat(a.acquire("call-1")).isInstanceOf(Unavailable.class);
        assertThat(a.owner("call-2")).isInstanceOf(Unavailable.class);
        assertThat(((Unavailable) a.owner("call-2")).reason()).contains("epoch: '007'");
    }

    @Test
    void closingReleasesEveryLeaseTheNodeHolds() {
        RedisCallOwnership a = RedisCallOwnership.open(
                RedisSettings.standalone("127.0.0.1", redis.port(), TIMEOUT), "node-a", TIMES, Ticker.SYSTEM);
        RedisCallOwnership b = node("node-b");
        granted(a.acquire("call-1"));
        granted(a.acquire("call-2"));

        a.close();

        assertThat(b.owner("call-1")).isEqualTo(new Free());
        assertThat(b.owner("call-2")).isEqualTo(new Free());
        assertThat(redis.command("CLIENT LIST")).doesNotContain("securevox-call-node-a");
    }

    @Test
    void anUnreachableRedisIsUnavailableWithinTheTimeout() {
        RedisCallOwnership a = node("node-a");
        redis.pause();
        long start = System.nanoTime();

        assertThat(a.reachable()).isFalse();
        assertThat(a.owner("call-1")).isInstanceOf(Unavailable.class);
        assertThat(a.acquire("call-1")).isInstanceOf(Unavailable.class);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(3 * 4));
        redis.resume();
        assertThat(a.reachable()).isTrue();
    }

    @Test
    void throughSentinelTheLeaseLandsOnThePrimaryItNames() {
        try (RedisServer sentinel = RedisServer.sentinel(redis.port(), "calls")) {
            RedisSettings viaSentinel = new RedisSettings(
                    List.of(new RedisSettings.Host("127.0.0.1", sentinel.port())),
                    Optional.of("calls"),
                    false,
                    Optional.empty(),
                    0,
                    Optional.empty(),
                    Optional.empty(),
                    TIMEOUT);
            try (RedisCallOwnership a = RedisCallOwnership.open(viaSentinel, "node-a", TIMES, Ticker.SYSTEM)) {
                Lease lease = granted(a.acquire("call-1"));

                assertThat(redis.command("GET {call:call-1}:owner")).isEqualTo("$8\r\nnode-a:1");
                assertThat(node("node-b").owner("call-1")).isEqualTo(new Held(lease.owner()));
            }
        }
    }

    /**
     * Polls until the node no longer acts as owner, asserting of every answer that it matches the lease's deadline:
     * "owner" only from a call begun before it, "not owner" only from a call ended at or after it. How late the polls
     * run does not matter, and a node that never stops fails at its first poll past the deadline.
     */
    private static void awaitNotOwnerFrom(RedisCallOwnership node, Lease lease) {
        long deadline = lease.validUntilNanos();
        while (true) {
            long asked = System.nanoTime();
            boolean owner = node.mayActAsOwner(lease);
            long answered = System.nanoTime();
            if (!owner) {
                assertThat(answered - deadline)
                        .as("stopped acting %d ns before its deadline", deadline - answered)
                        .isNotNegative();
                return;
            }
            assertThat(asked - deadline)
                    .as("still acting as owner %d ns after its deadline", asked - deadline)
                    .isNegative();
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
    }
}
