package com.securevox.call.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.CallFact;
import com.securevox.call.call.CallJournal;
import com.securevox.call.call.CallPolicy;
import com.securevox.call.call.CallRegistry;
import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.JoinKind;
import com.securevox.call.call.JoinRequest;
import com.securevox.call.call.Joined;
import com.securevox.call.call.Outbox;
import com.securevox.call.call.Role;
import com.securevox.call.call.Ticker;
import com.securevox.call.cluster.LeaseTimes;
import com.securevox.call.cluster.RedisCallOwnership;
import com.securevox.call.cluster.RedisSettings;
import com.securevox.call.signaling.CallHome;
import com.securevox.call.testing.ManualScheduler;
import com.securevox.call.testing.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The app's tests of several nodes sharing calls: a real {@code redis-server} of the test's own on a free port, started
 * before each test and stopped after it, with what the test opened on it (ownerships, leases, keepers) closed first,
 * newest first. Registered with {@code @RegisterExtension}; builds the parts as {@link Cluster} wires them.
 */
final class RedisNodes implements BeforeEachCallback, AfterEachCallback {
    /** How long a participant may be away; a call's state outlives its lease that much. */
    static final Duration GRACE = Duration.ofSeconds(30);

    static final ClientInfo CLIENT = new ClientInfo("websocket", "test/1");

    private final Duration commandTimeout;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private RedisServer redis;

    /** @param commandTimeout how long each node waits for Redis: short where the tests pause it */
    RedisNodes(Duration commandTimeout) {
        this.commandTimeout = commandTimeout;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        redis = RedisServer.start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            if (redis.alive()) {
                redis.resume(); // a test that paused it and failed before resuming
            }
            for (AutoCloseable c : opened.reversed()) {
                c.close();
            }
        } finally {
            opened.clear();
            redis.close();
        }
    }

    RedisServer redis() {
        return redis;
    }

    /** Closed after the test, before Redis stops. */
    <T extends AutoCloseable> T closeLater(T c) {
        opened.add(c);
        return c;
    }

    /** A node's leases in the test's Redis, the states it keeps there living no longer than the leases. */
    RedisCallOwnership ownership(String node, LeaseTimes times) {
        return closeLater(RedisCallOwnership.open(settings(), node, times, Ticker.SYSTEM));
    }

    /** A node's leases, the states it keeps living as long as a lease and a reconnect grace. */
    RedisCallOwnership ownershipKeepingStates(String node, LeaseTimes times) {
        return closeLater(RedisCallOwnership.open(
                settings(), node, times, Ticker.SYSTEM, times.ttl().plus(GRACE)));
    }

    private RedisSettings settings() {
        return RedisSettings.standalone("127.0.0.1", redis.port(), commandTimeout);
    }

    /** The value at {@code key}; null if there is none. */
    String value(String key) {
        String reply = redis.command("GET " + key);
        return reply.startsWith("$-1") ? null : reply.substring(reply.indexOf('\n') + 1);
    }

    /** A node's registry, with a {@link ManualScheduler} and a reconnect grace of {@link #GRACE}. */
    static CallRegistry registry(CallJournal journal) {
        return registry(journal, (to, event) -> {});
    }

    /** {@link #registry(CallJournal)}, its events sent to {@code outbox}. */
    static CallRegistry registry(CallJournal journal, Outbox outbox) {
        return new CallRegistry(
                Clock.systemUTC(), new CallPolicy(16, GRACE, 4), new ManualScheduler(), outbox, journal);
    }

    /** A journal that keeps every fact in {@code facts} and hands it on to the node's leases. */
    static CallJournal recordedTo(List<CallFact> facts, CallLeases leases) {
        return fact -> {
            facts.add(fact);
            leases.record(fact);
        };
    }

    /** A join as signaling makes it: admitted by the node's leases first (waiting for them), then into the call. */
    static Joined join(CallHome leases, CallRegistry registry, String call, String connection, String userId) {
        leases.admit(call).toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        return registry.join(new JoinRequest(
                new ConnectionId(connection), userId, Role.PARTICIPANT, call, Optional.empty(), false, false, CLIENT));
    }

    /**
     * The call went on on the node whose facts these are as it was: it was resumed, not started, nobody was reported
     * as leaving or joining, and every one of {@code joins} came back as a reconnection.
     */
    static void assertResumedAsReconnections(List<CallFact> facts, Joined... joins) {
        assertThat(joins).allSatisfy(j -> assertThat(j.kind()).isEqualTo(JoinKind.RECONNECTED));
        assertThat(facts).first().isInstanceOf(CallFact.CallResumed.class);
        assertThat(facts)
                .noneMatch(f -> f instanceof CallFact.CallStarted
                        || f instanceof CallFact.ParticipantLeft
                        || f instanceof CallFact.ParticipantJoined);
    }

    /** Waits for {@code condition}, up to 10 s. */
    static void pollUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 10 s: " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
