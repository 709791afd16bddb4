package com.securevox.call.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.call.CallFact;
import com.securevox.call.call.CallHandover;
import com.securevox.call.call.CallRegistry;
import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.Signal;
import com.securevox.call.call.Ticker;
import com.securevox.call.cluster.LeaseKeeper;
import com.securevox.call.cluster.LeaseMetrics;
import com.securevox.call.cluster.LeaseTimes;
import com.securevox.call.cluster.RedisCallOwnership;
import com.securevox.call.cluster.RedisHealth;
import com.securevox.call.signaling.Connections;
import com.securevox.call.testing.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node whose call another node took lets go of it, through a real Redis of the test's own: the call is forgotten
 * without a fact (no leave, no end: the call goes on there), no state is written over the other node's, its sockets
 * are told to reconnect, and its media room here is closed.
 */
class CallYieldTest {
    private static final LeaseTimes TIMES = new LeaseTimes(Duration.ofSeconds(2), Duration.ofMillis(100));

    @RegisterExtension
    final RedisNodes nodes = new RedisNodes(Duration.ofMillis(500));

    private RedisServer redis;
    private final String call = "room-" + System.nanoTime();

    /** One server, wired as {@link Cluster} does. */
    private final class Node {
        final CallRegistry registry;
        final CallLeases leases;
        final RedisCallOwnership ownership;
        final LeaseKeeper keeper;
        final List<CallFact> facts = new CopyOnWriteArrayList<>();
        final List<ConnectionId> reconnected = new CopyOnWriteArrayList<>();
        final List<String> roomsClosed = new CopyOnWriteArrayList<>();
        final List<String> forgotten = new CopyOnWriteArrayList<>();
        final AtomicInteger letGo = new AtomicInteger();
        /** Whether the node is cut off from Redis while another node reaches it, as {@link CutOffWatch} finds. */
        final AtomicBoolean cutOff = new AtomicBoolean();
        /** What was handed to the new owner, each with how many sockets had been told to reconnect by then. */
        final List<String> handed = new CopyOnWriteArrayList<>();

        Node(String id) {
            ownership = nodes.ownershipKeepingStates(id, TIMES);
            Handovers handovers = new Handovers();
            CallStateKeeper states = new CallStateKeeper(ownership.states(), handovers);
            CallYield yielding = new CallYield(handovers, letGo::incrementAndGet);
            leases = nodes.closeLater(
                    new CallLeases(ownership, Duration.ZERO, states, node -> true, yielding, cutOff::get));
            registry = RedisNodes.registry(RedisNodes.recordedTo(facts, leases));
            handovers.set(new CallHandover(registry));
            yielding.serve(
                    new Sockets(),
                    (node, epoch, held) -> {
                        held.forEach(h -> handed.add(node + ":" + epoch + " " + h.userId() + " from "
                                + h.relayed().fromUserId() + " " + h.relayed().signal() + " after "
                                + reconnected.size() + " reconnects"));
                        return held.size();
                    },
                    roomsClosed::add,
                    forgotten::add);
            keeper = nodes.closeLater(new LeaseKeeper(
                    ownership,
                    TIMES,
                    Ticker.SYSTEM,
                    loss -> Cluster.lost(leases, loss),
                    LeaseMetrics.NONE,
                    new RedisHealth(Clock.systemUTC())));
        }

        /** The transport: records which sockets were told to reconnect, and reports their ends as the real one does. */
        private final class Sockets implements Connections {
            @Override
            public void emit(ConnectionId to, String event, Object payload) {}

            @Override
            public Optional<ClientInfo> client(ConnectionId connection) {
                return Optional.empty();
            }

            @Override
            public void disconnect(ConnectionId connection) {
                registry.disconnected(connection);
            }

            @Override
            public void reconnect(ConnectionId connection) {
                reconnected.add(connection);
                registry.disconnected(connection);
            }
        }

        void join(String connection, String userId) {
            RedisNodes.join(leases, registry, call, connection, userId);
        }
    }

    @BeforeEach
    void redis() {
        redis = nodes.redis();
    }

    @Test
    void aNodeWhoseLeaseIsTakenLetsGoOfTheCallWithoutAFact() {
        Node a = new Node("node-a");
        a.join("a1", "alice");
        a.join("b1", "bob");
        RedisNodes.pollUntil(
                () -> redis.command("GET {" + "call:" + call + "}:state").contains("\"bob\""), "state kept");
        a.registry.disconnected(new ConnectionId("b1")); // bob is away: told nothing, his grace timer cancelled
        int factsBefore = a.facts.size();
        // Another node took the call while node-a could not renew (a partition from Redis), and keeps its state.
        redis.command("SET {call:" + call + "}:owner node-b:99");
        redis.command("SET {call:" + call + "}:state kept-by-node-b");

        a.keeper.start();
        // The count goes up last, once the sockets were told and the room closed: the call leaves the registry first.
        RedisNodes.pollUntil(() -> a.letGo.get() == 1, "node-a has let go of the call");

        assertThat(a.registry.activeCallCount()).isZero();
        assertThat(a.reconnected).containsExactly(new ConnectionId("a1"));
        assertThat(a.roomsClosed).containsExactly(call);
        assertThat(a.forgotten).as("the history's and webhooks' leftovers").containsExactly(call);
        assertThat(a.letGo).hasValue(1);
        assertThat(a.facts).hasSize(factsBefore); // nobody left, the call did not end
        assertThat(a.registry.participantCount()).isZero();
        assertThat(a.registry.callOf(new ConnectionId("a1"))).isEmpty();
        assertThat(a.leases.leaseOf(call)).isEmpty();
        assertThat(redis.command("GET {call:" + call + "}:state"))
                .as("node-b's state, not overwritten")
                .endsWith("kept-by-node-b");
        assertThat(redis.command("GET {call:" + call + "}:owner")).endsWith("node-b:99");
        // The socket's end, reported after the reconnect, finds no call.
        a.registry.disconnected(new ConnectionId("a1"));
        assertThat(a.facts).hasSize(factsBefore);
    }

    /** A signal as the domain sees it: opaque. */
    private record Numbered(int n) implements Signal {}

    @Test
    void theSignalsKeptForAMemberAwayAreHandedToTheNewOwnerBeforeTheSocketsAreToldToReconnect() {
        Node a = new Node("node-a");
        a.join("a1", "alice");
        a.join("b1", "bob");
        a.registry.disconnected(new ConnectionId("b1"));
        for (int n = 1; n <= 3; n++) {
            a.registry.relay(new ConnectionId("a1"), "bob", new Numbered(n));
        }
        redis.command("SET {call:" + call + "}:owner node-b:99");

        a.keeper.start();
        RedisNodes.pollUntil(() -> a.letGo.get() == 1, "node-a has let go of the call");

        assertThat(a.handed)
                .containsExactly(
                        "node-b:99 bob from alice Numbered[n=1] after 0 reconnects",
                        "node-b:99 bob from alice Numbered[n=2] after 0 reconnects",
                        "node-b:99 bob from alice Numbered[n=3] after 0 reconnects");
        assertThat(a.reconnected).containsExactly(new ConnectionId("a1"));
    }

    @Test
    void aCallFoundServedElsewhereWhenItsLeaseIsAskedForAgainIsLetGo() {
        Node a = new Node("node-a");
        a.join("a1", "alice");
        int factsBefore = a.facts.size();
        // Its lease lapsed (Redis did not answer) and another live node holds the call now.
        a.leases.lost(a.leases.leaseOf(call).orElseThrow());
        redis.command("SET {call:" + call + "}:owner node-b:99");

        a.leases.regain(call);
        // The count goes up last, once the sockets were told and the room closed: the call leaves the registry first.
        RedisNodes.pollUntil(() -> a.letGo.get() == 1, "node-a has let go of the call");

        assertThat(a.registry.activeCallCount()).isZero();
        assertThat(a.reconnected).containsExactly(new ConnectionId("a1"));
        assertThat(a.roomsClosed).containsExactly(call);
        assertThat(a.forgotten).containsExactly(call);
        assertThat(a.facts).hasSize(factsBefore);
        // Asked for again later, the call is not taken for one in progress here.
        a.leases.regain(call);
        assertThat(a.reconnected).hasSize(1);
    }

    @Test
    void aNodeCutOffFromRedisAloneLetsGoOfItsLeaselessCallsWithoutAFactAndRefusesToServeThemAgain() {
        Node a = new Node("node-a");
        a.join("a1", "alice");
        a.join("b1", "bob");
        a.registry.disconnected(new ConnectionId("b1")); // bob away, with a signal kept for him
        a.registry.relay(new ConnectionId("a1"), "bob", new Numbered(1));
        assertThat(a.leases.letGoCutOff()).as("a call whose lease is valid").isZero();
        int factsBefore = a.facts.size();
        redis.pause();
        try {
            RedisNodes.pollUntil(() -> a.leases.leaseOf(call).isEmpty(), "the lease's local deadline");
            // Redis down for every node (no cut-off found): the call goes on here, its rejoins admitted.
            a.leases
                    .admit(call)
                    .toCompletableFuture()
                    .orTimeout(5, TimeUnit.SECONDS)
                    .join();

            a.cutOff.set(true);
            assertThatThrownBy(() -> a.leases
                            .admit(call)
                            .toCompletableFuture()
                            .orTimeout(5, TimeUnit.SECONDS)
                            .join())
                    .as("a rejoin once cut off, before the call is let go")
                    .hasMessageContaining("this node is cut off from Redis while other nodes reach it");
            assertThat(a.leases.letGoCutOff()).isEqualTo(1);

            assertThat(a.registry.activeCallCount()).isZero();
            assertThat(a.reconnected).containsExactly(new ConnectionId("a1"));
            assertThat(a.roomsClosed).containsExactly(call);
            assertThat(a.forgotten).containsExactly(call);
            assertThat(a.letGo).hasValue(1);
            assertThat(a.handed)
                    .as("no node serves it yet, and the bus is Redis")
                    .isEmpty();
            assertThat(a.facts).as("nobody left, the call did not end").hasSize(factsBefore);
            assertThatThrownBy(() -> a.leases
                            .admit(call)
                            .toCompletableFuture()
                            .orTimeout(5, TimeUnit.SECONDS)
                            .join())
                    .hasCauseInstanceOf(com.securevox.call.signaling.SignalingException.class)
                    .hasMessageContaining("call '" + call + "': which node serves it cannot be settled");
            assertThat(a.leases.letGoCutOff()).as("nothing left to let go").isZero();
        } finally {
            redis.resume();
        }
        // Back in touch, its lease is neither asked for again nor released over the next owner's.
        redis.command("SET {call:" + call + "}:owner node-b:99");
        a.cutOff.set(false);
        assertThat(a.leases.held()).isEmpty();
        assertThat(redis.command("GET {call:" + call + "}:owner")).endsWith("node-b:99");
    }
}
