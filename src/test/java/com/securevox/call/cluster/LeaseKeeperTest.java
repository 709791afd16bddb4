package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.CallOwnership.Claim;
import com.securevox.call.call.CallOwnership.Free;
import com.securevox.call.call.CallOwnership.Granted;
import com.securevox.call.call.CallOwnership.Held;
import com.securevox.call.call.CallOwnership.Lease;
import com.securevox.call.call.CallOwnership.Owner;
import com.securevox.call.call.CallOwnership.Unavailable;
import com.securevox.call.call.LeaseLoss;
import com.securevox.call.call.Ticker;
import com.securevox.call.testing.ManualTicker;
import com.securevox.call.testing.MutableClock;
import com.securevox.call.testing.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Renewing the leases a node holds, and reporting their loss, against a real Redis of the test's own. */
class LeaseKeeperTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final LeaseTimes SHORT = new LeaseTimes(Duration.ofMillis(1500), Duration.ofMillis(200));

    private RedisServer redis;
    private final List<AutoCloseable> closing = new ArrayList<>();
    /** Each loss with the {@link System#nanoTime} it was reported at. */
    private final List<Reported> losses = new CopyOnWriteArrayList<>();

    private final AtomicInteger failedRenewals = new AtomicInteger();
    private final LeaseMetrics metrics = new LeaseMetrics() {
        @Override
        public void renewalFailed() {
            failedRenewals.incrementAndGet();
        }

        @Override
        public void lost(LeaseLoss loss) {}
    };

    private record Reported(LeaseLoss loss, long at) {}

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        redis.resume(); // a test that failed while it was paused must not leave a stopped process behind
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        redis.close();
    }

    private RedisCallOwnership node(String id, LeaseTimes times, Ticker ticker) {
        RedisCallOwnership node = RedisCallOwnership.open(
                RedisSettings.standalone("127.0.0.1", redis.port(), TIMEOUT), id, times, ticker);
        closing.add(node);
        return node;
    }

    private LeaseKeeper keeper(RedisCallOwnership node, LeaseTimes times, Ticker ticker, RedisHealth health) {
        LeaseKeeper keeper = new LeaseKeeper(
                node, times, ticker, loss -> losses.add(new Reported(loss, System.nanoTime())), metrics, health);
        closing.add(keeper);
        return keeper;
    }

    private static Lease granted(Claim claim) {
        assertThat(claim).isInstanceOf(Granted.class);
        return ((Granted) claim).lease();
    }

    @Test
    void renewingKeepsALeaseWellPastItsTimeToLive() {
        RedisCallOwnership a = node("node-a", SHORT, Ticker.SYSTEM);
        Lease lease = granted(a.acquire("call-1"));
        keeper(a, SHORT, Ticker.SYSTEM, new RedisHealth(Clock.systemUTC())).start();

        long until = System.nanoTime() + SHORT.ttl().multipliedBy(3).toNanos();
        while (System.nanoTime() - until < 0) {
            assertThat(a.mayActAsOwner(lease)).as("still the owner").isTrue();
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }

        assertThat(losses).isEmpty();
        assertThat(redis.command("GET {call:call-1}:owner")).isEqualTo("$8\r\nnode-a:1");
        assertThat(failedRenewals).hasValue(0);
    }

    @Test
    void aLeaseTakenByAnotherNodeIsReportedTakenAndNoLongerHeld() {
        RedisCallOwnership a = node("node-a", SHORT, Ticker.SYSTEM);
        RedisCallOwnership b = node("node-b", SHORT, Ticker.SYSTEM);
        Lease lease = granted(a.acquire("call-1"));
        // As if node-a had been frozen past the time to live and node-b took the call meanwhile.
        redis.command("DEL {call:call-1}:owner");
        Lease taken = granted(b.acquire("call-1"));
        LeaseKeeper keeper = keeper(a, SHORT, Ticker.SYSTEM, new RedisHealth(Clock.systemUTC()));

        keeper.round();

        assertThat(losses).extracting(Reported::loss).containsExactly(new LeaseLoss.Taken(lease, taken.owner()));
        assertThat(taken.owner()).isEqualTo(new Owner("node-b", 2));
        assertThat(a.mayActAsOwner(lease)).isFalse();
        assertThat(a.held()).isEmpty();
        keeper.round();
        assertThat(losses).hasSize(1);
    }

    @Test
    void aLeaseThatVanishedIsReportedFreed() {
        RedisCallOwnership a = node("node-a", SHORT, Ticker.SYSTEM);
        Lease lease = granted(a.acquire("call-1"));
        redis.command("DEL {call:call-1}:owner");

        keeper(a, SHORT, Ticker.SYSTEM, new RedisHealth(Clock.systemUTC())).round();

        assertThat(losses).extracting(Reported::loss).containsExactly(new LeaseLoss.Freed(lease));
        assertThat(a.owner("call-1")).isEqualTo(new Free());
    }

    @Test
    void aBrokenValueOrAKeyOfAnotherTypeLosesThatLeaseOnlyAndRedisStaysHealthy() {
        RedisCallOwnership a = node("node-a", SHORT, Ticker.SYSTEM);
        List<Lease> leases = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            leases.add(granted(a.acquire("call-" + i)));
            // Far above the lease's time to live: only a renewal brings it back down.
            redis.command("PEXPIRE {call:call-" + i + "}:owner 600000");
        }
        redis.command("SET {call:call-2}:owner node-a:banana");
        redis.command("DEL {call:call-3}:owner");
        redis.command("HSET {call:call-3}:owner node node-a");
        RedisHealth health = new RedisHealth(Clock.systemUTC());

        keeper(a, SHORT, Ticker.SYSTEM, health).round();

        assertThat(losses)
                .extracting(Reported::loss)
                .containsExactlyInAnyOrder(new LeaseLoss.Freed(leases.get(1)), new LeaseLoss.Freed(leases.get(2)));
        assertThat(health.reachable()).as("redis answered").isTrue();
        assertThat(failedRenewals).hasValue(0);
        assertThat(a.held()).extracting(Lease::callId).containsExactlyInAnyOrder("call-1", "call-4");
        for (String call : List.of("call-1", "call-4")) {
            long pttl = Long.parseLong(
                    redis.command("PTTL {call:" + call + "}:owner").substring(1));
            assertThat(pttl).as(call + " renewed").isBetween(1L, SHORT.ttl().toMillis());
        }
        assertThat(a.acquire("call-2"))
                .isEqualTo(new Unavailable("acquire of call call-2: {call:call-2}:owner holds no lease: epoch:"
                        + " 'banana' (expected: a whole number from 1 to 9223372036854775807 without sign or leading"
                        + " zero)"));
    }

    @Test
    void aKilledRedisMakesTheLeaseLapseByItsDeadline() {
        RedisServer own = RedisServer.start();
        RedisCallOwnership a = RedisCallOwnership.open(
                RedisSettings.standalone("127.0.0.1", own.port(), TIMEOUT), "node-a", SHORT, Ticker.SYSTEM);
        closing.add(a);
        closing.add(own);
        MutableClock wall = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        RedisHealth health = new RedisHealth(wall);
        Lease lease = granted(a.acquire("call-1"));
        keeper(a, SHORT, Ticker.SYSTEM, health).start();

        own.close();

        // Reported once the deadline passed: at most a renewal's timeout late, as the keeper may be waiting on one.
        long giveUp = System.nanoTime()
                + SHORT.localValidity().plus(TIMEOUT).plusSeconds(2).toNanos();
        while (losses.isEmpty()) {
            assertThat(System.nanoTime() - giveUp).as("no loss reported").isNegative();
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        Reported reported = losses.getFirst();
        assertThat(reported.loss()).isInstanceOf(LeaseLoss.Lapsed.class);
        // The lease as last renewed, with the deadline that passed.
        Lease lapsed = reported.loss().lease();
        assertThat(lapsed.owner()).isEqualTo(lease.owner());
        assertThat(lapsed.callId()).isEqualTo("call-1");
        assertThat(((LeaseLoss.Lapsed) reported.loss()).reason()).startsWith("not renewed before its deadline: ");
        assertThat(reported.at() - lapsed.validUntilNanos()).isNotNegative();
        assertThat(reported.at() - lapsed.validUntilNanos())
                .isLessThan(TIMEOUT.plusSeconds(1).toNanos());
        assertThat(a.mayActAsOwner(lease)).isFalse();
        assertThat(failedRenewals.get()).isPositive();
        assertThat(health.status()).isInstanceOf(RedisHealth.Unreachable.class);
        assertThat(losses).hasSize(1);
    }

    @Test
    void theDeadlineAloneDecidesALapseWithoutAskingRedisAgain() {
        ManualTicker ticker = new ManualTicker();
        RedisCallOwnership a = node("node-a", SHORT, ticker);
        RedisHealth health = new RedisHealth(Clock.systemUTC());
        LeaseKeeper keeper = keeper(a, SHORT, ticker, health);
        Lease lease = granted(a.acquire("call-1"));
        redis.pause();

        long wait = keeper.round();

        assertThat(losses).isEmpty();
        assertThat(failedRenewals).hasValue(1);
        assertThat(health.reachable()).isFalse();
        assertThat(wait).isEqualTo(SHORT.retryEvery().toNanos());
        ticker.advance(SHORT.localValidity());
        keeper.round();
        // No renewal was tried: the lease had lapsed, and it was the only one.
        assertThat(failedRenewals).hasValue(1);
        assertThat(losses).singleElement().extracting(Reported::loss).isInstanceOf(LeaseLoss.Lapsed.class);
        assertThat(a.held()).isEmpty();
        redis.resume();
    }

    @Test
    void theNextRoundComesNoLaterThanTheEarliestDeadline() {
        ManualTicker ticker = new ManualTicker();
        RedisCallOwnership a = node("node-a", SHORT, ticker);
        LeaseKeeper keeper = keeper(a, SHORT, ticker, new RedisHealth(Clock.systemUTC()));
        granted(a.acquire("call-1"));

        assertThat(keeper.round()).isEqualTo(SHORT.renewEvery().toNanos());
        Lease old = a.held().iterator().next();
        redis.pause();
        ticker.advance(SHORT.localValidity().minusMillis(50));

        assertThat(keeper.round()).isEqualTo(Duration.ofMillis(50).toNanos());
        redis.resume();
        assertThat(a.mayActAsOwner(old)).isTrue();
    }

    @Test
    void aLeaseReleasedWhileItWasBeingRenewedIsNoLoss() {
        // The call ended between the keeper reading the held leases and renewing one: the renewal answers with our
        // own owner, as RedisCallOwnership does for a lease it no longer holds.
        Lease lease = new Lease(
                "call-1",
                new Owner("node-a", 3),
                Ticker.SYSTEM.nanos() + Duration.ofSeconds(5).toNanos());
        LeaseKeeper.Leases released = new LeaseKeeper.Leases() {
            @Override
            public Collection<Lease> held() {
                return List.of(lease);
            }

            @Override
            public Claim renew(Lease renewed) {
                return new Held(renewed.owner());
            }

            @Override
            public boolean release(Lease released) {
                return true;
            }

            @Override
            public void forget(Lease forgotten) {}
        };
        LeaseKeeper keeper = new LeaseKeeper(
                released,
                SHORT,
                Ticker.SYSTEM,
                loss -> losses.add(new Reported(loss, System.nanoTime())),
                metrics,
                new RedisHealth(Clock.systemUTC()));

        keeper.round();

        assertThat(losses).isEmpty();
    }

    @Test
    void closingReleasesEveryLeaseTheNodeHolds() {
        RedisCallOwnership a = node("node-a", SHORT, Ticker.SYSTEM);
        LeaseKeeper keeper = keeper(a, SHORT, Ticker.SYSTEM, new RedisHealth(Clock.systemUTC()));
        keeper.start();
        Lease one = granted(a.acquire("call-1"));
        granted(a.acquire("call-2"));

        keeper.close();

        assertThat(a.owner("call-1")).isEqualTo(new Free());
        assertThat(a.owner("call-2")).isEqualTo(new Free());
        assertThat(a.mayActAsOwner(one)).isFalse();
        assertThat(losses).isEmpty();
    }
}
