package com.securevox.call.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.CallFact;
import com.securevox.call.call.CallHandover;
import com.securevox.call.call.CallOwnership;
import com.securevox.call.call.CallRegistry;
import com.securevox.call.call.CallState;
import com.securevox.call.call.CallStates;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.JoinKind;
import com.securevox.call.call.Joined;
import com.securevox.call.call.Participant;
import com.securevox.call.cluster.LeaseTimes;
import com.securevox.call.cluster.RedisCallOwnership;
import com.securevox.call.testing.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A call whose owner died goes on on the node its clients come back to: that node acquires the lapsed lease, restores
 * the state the owner kept in a real Redis of the test's own, and the clients rejoin as reconnections.
 */
class CallTakeoverTest {
    @RegisterExtension
    final RedisNodes nodes = new RedisNodes(Duration.ofMillis(500));

    private RedisServer redis;

    /** One server: its registry, journal and leases, wired as {@link Cluster} does. */
    private final class Node {
        final CallRegistry registry;
        final CallLeases leases;
        final List<CallFact> facts = new CopyOnWriteArrayList<>();

        Node(String id, LeaseTimes times) {
            this(id, times, states -> states);
        }

        Node(String id, LeaseTimes times, UnaryOperator<CallStates> wrap) {
            RedisCallOwnership ownership = nodes.ownershipKeepingStates(id, times);
            Handovers handovers = new Handovers();
            leases = nodes.closeLater(new CallLeases(
                    ownership,
                    Duration.ofSeconds(5),
                    new CallStateKeeper(wrap.apply(ownership.states()), handovers),
                    node -> false));
            registry = RedisNodes.registry(RedisNodes.recordedTo(facts, leases));
            handovers.set(new CallHandover(registry));
        }

        Joined join(String userId) {
            return join(userId + "-1", userId);
        }

        Joined join(String connection, String userId) {
            return RedisNodes.join(leases, registry, "room-1", connection, userId);
        }
    }

    @BeforeEach
    void redis() {
        redis = nodes.redis();
    }

    private String stored() {
        return redis.command("GET {call:room-1}:state");
    }

    @Test
    void theClientsOfADeadOwnerRejoinTheCallOnAnotherNodeAsReconnections() {
        // node-a's lease lives 1 s and nothing renews it: node-a "dies" once alice and bob are in.
        Node a = new Node("node-a", new LeaseTimes(Duration.ofSeconds(1), Duration.ofMillis(100)));
        a.join("a1", "alice");
        a.join("b1", "bob");
        RedisNodes.pollUntil(() -> stored().contains("\"bob\""), "node-a keeps the call's state with bob in it");
        Node b = new Node("node-b", LeaseTimes.DEFAULT);

        Joined bob = b.join("b2", "bob");
        Joined alice = b.join("a2", "alice");

        assertThat(bob.others()).extracting(Participant::userId).containsExactly("alice");
        RedisNodes.assertResumedAsReconnections(b.facts, bob, alice);
    }

    @Test
    void theCallsEndDeletesItsStateSoItsNextMeetingStartsAnew() {
        Node a = new Node("node-a", LeaseTimes.DEFAULT);
        a.join("a1", "alice");
        RedisNodes.pollUntil(() -> stored().contains("\"alice\""), "the state is kept");

        a.registry.leave(new ConnectionId("a1"), "room-1");

        RedisNodes.pollUntil(() -> stored().equals("$-1"), "the state is deleted with the call's end");
        Joined again = a.join("a2", "alice");
        assertThat(again.kind()).isNotEqualTo(JoinKind.RECONNECTED);
    }

    @Test
    void garbageWhereTheStateIsKeptStartsTheCallAnew() {
        redis.command("SET {call:room-1}:state garbage");
        Node b = new Node("node-b", LeaseTimes.DEFAULT);

        Joined bob = b.join("b1", "bob");

        assertThat(bob.kind()).isNotEqualTo(JoinKind.RECONNECTED);
        assertThat(bob.others()).isEmpty();
        assertThat(b.facts).first().isInstanceOf(CallFact.CallStarted.class);
    }

    /** The writes that reach Redis, counted; the first waits at a gate the test opens. */
    private static final class GatedStates extends WrappedStates {
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicInteger writes = new AtomicInteger();

        GatedStates(CallStates redis) {
            super(redis);
        }

        @Override
        public boolean write(CallOwnership.Lease lease, CallState state) {
            if (writes.incrementAndGet() == 1) {
                writing.countDown();
                try {
                    gate.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return redis.write(lease, state);
        }
    }

    @Test
    void theFactsThatComeWhileAWriteIsInFlightShareTheNextWrite() throws Exception {
        GatedStates[] gated = new GatedStates[1];
        Node a = new Node("node-a", LeaseTimes.DEFAULT, states -> gated[0] = new GatedStates(states));
        a.join("alice");
        assertThat(gated[0].writing.await(5, TimeUnit.SECONDS)).isTrue();

        a.join("bob");
        a.join("carol");
        a.join("dave");
        gated[0].gate.countDown();

        RedisNodes.pollUntil(() -> stored().contains("\"dave\""), "the latest state, dave in it, is kept");
        assertThat(gated[0].writes).hasValue(2);
    }
}
