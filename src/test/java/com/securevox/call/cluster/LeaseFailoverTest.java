package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.CallOwnership.Claim;
import com.securevox.call.call.CallOwnership.Free;
import com.securevox.call.call.CallOwnership.Granted;
import com.securevox.call.call.CallOwnership.Held;
import com.securevox.call.call.CallOwnership.Lease;
import com.securevox.call.call.CallOwnership.Owner;
import com.securevox.call.call.LeaseLoss;
import com.securevox.call.call.Ticker;
import com.securevox.call.testing.RedisServer;
import com.securevox.call.testing.TcpRelay;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Leases across a change of Redis's primary ({@link Replication}): a grant waits for a replica, a new primary is
 * noticed, and a lease it lost is put back with its epoch, so the epoch never goes back. Against real redis-servers
 * (and a real Sentinel) of the test's own, never the machine's shared one.
 */
class LeaseFailoverTest {
    /** Above {@link RedisCallOwnership#REPLICA_WAIT}, which counts against it. */
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<RedisServer> paused = new ArrayList<>();
    private final List<LeaseLoss> losses = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (RedisServer r : paused) {
            if (r.alive()) {
                r.resume(); // a test that failed while it was paused must not leave a stopped process behind
            }
        }
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        closing.add(c);
        return c;
    }

    private RedisCallOwnership node(String id, RedisSettings settings) {
        return closeLater(RedisCallOwnership.open(settings, id, LeaseTimes.DEFAULT, Ticker.SYSTEM));
    }

    private RedisCallOwnership node(String id, RedisServer redis) {
        return node(id, RedisSettings.standalone("127.0.0.1", redis.port(), TIMEOUT));
    }

    private LeaseKeeper keeper(RedisCallOwnership node) {
        LeaseKeeper keeper = closeLater(new LeaseKeeper(
                node,
                LeaseTimes.DEFAULT,
                Ticker.SYSTEM,
                losses::add,
                LeaseMetrics.NONE,
                new RedisHealth(Clock.systemUTC())));
        keeper.start();
        node.replication().start(keeper::newPrimary);
        return keeper;
    }

    private static Lease granted(Claim claim) {
        assertThat(claim).isInstanceOf(Granted.class);
        return ((Granted) claim).lease();
    }

    private static void await(BooleanSupplier condition, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline)
                    .as(what + " within " + within)
                    .isNegative();
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    private static String bulk(String value) {
        return "$" + value.length() + "\r\n" + value;
    }

    @Test
    void aGrantNoReplicaConfirmsIsCountedAndKeptAndTheNextOnesDoNotWaitUntilItIsBack() {
        RedisServer primary = closeLater(RedisServer.start());
        RedisServer replica = closeLater(RedisServer.replicaOf(primary.port()));
        paused.add(replica);
        RedisCallOwnership a = node("node-a", primary);
        assertThat(a.replication().check()).as("a first reading is no change").isFalse();
        assertThat(a.replication().status().replicas()).isEqualTo(1);
        granted(a.acquire("call-1"));
        assertThat(a.replication().status().unconfirmed()).isZero();

        replica.pause();
        long sent = System.nanoTime();
        Lease unconfirmed = granted(a.acquire("call-2"));
        Duration took = Duration.ofNanos(System.nanoTime() - sent);

        assertThat(took).as("waited for the replica").isGreaterThanOrEqualTo(RedisCallOwnership.REPLICA_WAIT);
        assertThat(a.replication().status().unconfirmed()).isEqualTo(1);
        assertThat(a.mayActAsOwner(unconfirmed))
                .as("kept: a replica down must not stop calls")
                .isTrue();
        granted(a.acquire("call-3"));
        // No wait again before the next reading: a WAIT on the paused replica would have counted a second one (a
        // count, not a duration, which a loaded machine could stretch past the wait).
        assertThat(a.replication().status().unconfirmed()).isEqualTo(1);

        replica.resume();
        await(
                () -> {
                    a.replication().check();
                    return a.replication().status().replicas() == 1;
                },
                Duration.ofSeconds(5),
                "the replica in sync again");
        granted(a.acquire("call-4"));
        assertThat(a.replication().status().unconfirmed()).isEqualTo(1);
        assertThat(replica.command("GET {call:call-4}:owner")).isEqualTo(bulk("node-a:1"));
    }

    @Test
    void aLeaseARestartWithoutPersistenceLostIsPutBackWithItsEpochSoTheEpochNeverGoesBack() {
        RedisServer redis = closeLater(RedisServer.start());
        RedisCallOwnership a = node("node-a", redis);
        RedisCallOwnership b = node("node-b", redis);
        redis.command("SET {call:call-1}:epoch 4");
        Lease lease = granted(a.acquire("call-1"));
        assertThat(lease.owner()).isEqualTo(new Owner("node-a", 5));
        assertThat(a.replication().check()).isFalse();
        String before = a.replication().status().primary().orElseThrow();

        redis.restart();

        assertThat(a.replication().check()).as("a new run_id").isTrue();
        assertThat(a.replication().status().primary()).isPresent().isNotEqualTo(Optional.of(before));
        assertThat(a.replication().status().changes()).isEqualTo(1);
        assertThat(a.replication().status().changedAt()).isPresent();
        assertThat(granted(a.reassert(lease)).owner()).isEqualTo(lease.owner());
        assertThat(redis.command("GET {call:call-1}:owner")).isEqualTo(bulk("node-a:5"));
        assertThat(redis.command("GET {call:call-1}:epoch")).isEqualTo(bulk("5"));
        assertThat(b.acquire("call-1")).isEqualTo(new Held(lease.owner()));
        assertThat(a.release(lease)).isTrue();
        assertThat(granted(b.acquire("call-1")).owner()).isEqualTo(new Owner("node-b", 6));
    }

    @Test
    void aLeaseIsNotPutBackOverAnotherOwnerNorOverALaterEpoch() {
        RedisServer redis = closeLater(RedisServer.start());
        RedisCallOwnership a = node("node-a", redis);
        RedisCallOwnership b = node("node-b", redis);
        Lease first = granted(a.acquire("call-1"));
        Lease other = granted(a.acquire("call-2"));
        // call-1: another node holds it now; call-2: nobody, but a later owner was counted.
        redis.command("DEL {call:call-1}:owner");
        Lease taken = granted(b.acquire("call-1"));
        redis.command("DEL {call:call-2}:owner");
        redis.command("SET {call:call-2}:epoch 3");

        assertThat(a.reassert(first)).isEqualTo(new Held(taken.owner()));
        assertThat(a.mayActAsOwner(first)).isFalse();
        assertThat(a.reassert(other)).isEqualTo(new Free());
        assertThat(a.mayActAsOwner(other)).isFalse();
        assertThat(redis.command("GET {call:call-2}:owner")).isEqualTo("$-1");
        assertThat(redis.command("GET {call:call-2}:epoch")).isEqualTo(bulk("3"));
    }

    @Test
    void theKeeperReassertsEveryLeaseAsSoonAsTheWatchFindsANewPrimary() {
        RedisServer redis = closeLater(RedisServer.start());
        RedisCallOwnership a = node("node-a", redis);
        redis.command("SET {call:call-1}:epoch 6");
        Lease lease = granted(a.acquire("call-1"));
        keeper(a);
        await(() -> a.replication().status().primary().isPresent(), Duration.ofSeconds(5), "a first reading");

        redis.restart();

        await(
                () -> redis.command("GET {call:call-1}:owner").equals(bulk("node-a:7")),
                Duration.ofSeconds(5),
                "the lease back in the restarted Redis");
        assertThat(redis.command("GET {call:call-1}:epoch")).isEqualTo(bulk("7"));
        assertThat(a.replication().status().changes()).isEqualTo(1);
        assertThat(a.mayActAsOwner(lease)).isTrue();
        assertThat(losses).isEmpty();
    }

    @Test
    void aSentinelFailoverToTheReplicaKeepsEveryLeaseEvenOneTheReplicaMissed() {
        RedisServer primary = closeLater(RedisServer.start());
        // The replica's link to the primary goes through a relay, which can hold back and then drop what the primary
        // sends it: a write acknowledged by the primary that never reaches the replica.
        TcpRelay link = closeLater(new TcpRelay(primary.port()));
        RedisServer replica = closeLater(RedisServer.replicaOf(link.port()));
        RedisServer sentinel = closeLater(RedisServer.sentinel(primary.port(), "calls"));
        await(
                () -> sentinel.command("SENTINEL replicas calls").contains(Integer.toString(replica.port())),
                Duration.ofSeconds(15),
                "the Sentinel knowing the replica");
        RedisSettings viaSentinel = new RedisSettings(
                List.of(new RedisSettings.Host("127.0.0.1", sentinel.port())),
                Optional.of("calls"),
                false,
                Optional.empty(),
                0,
                Optional.empty(),
                Optional.empty(),
                TIMEOUT);
        RedisCallOwnership a = node("node-a", viaSentinel);
        RedisCallOwnership b = node("node-b", viaSentinel);
        keeper(a);
        await(() -> a.replication().status().replicas() == 1, Duration.ofSeconds(5), "a reading with the replica");
        Lease confirmed = granted(a.acquire("call-1"));
        link.pause();
        Lease missed = granted(a.acquire("call-2"));
        assertThat(a.replication().status().unconfirmed()).isEqualTo(1);
        link.close();
        primary.kill();
        assertThat(replica.command("GET {call:call-2}:owner"))
                .as("lost by the replica")
                .isEqualTo("$-1");
        await(
                () -> sentinel.command("SENTINEL FAILOVER calls").startsWith("+OK"),
                Duration.ofSeconds(15),
                "the Sentinel starting a failover");
        await(
                () -> replica.command("GET {call:call-2}:owner").equals(bulk("node-a:1")),
                Duration.ofSeconds(20),
                "the lease the replica missed put back on it as the new primary");

        assertThat(replica.command("GET {call:call-1}:owner")).isEqualTo(bulk("node-a:1"));
        assertThat(replica.command("GET {call:call-2}:epoch")).isEqualTo(bulk("1"));
        await(() -> a.replication().status().changes() == 1, Duration.ofSeconds(5), "the new primary counted");
        assertThat(a.mayActAsOwner(confirmed)).isTrue();
        assertThat(a.mayActAsOwner(missed)).isTrue();
        assertThat(b.acquire("call-2")).isEqualTo(new Held(missed.owner()));
        assertThat(losses).isEmpty();
    }
}
