package com.securevox.call.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.CallEvent;
import com.securevox.call.call.CallFact;
import com.securevox.call.call.CallHandover;
import com.securevox.call.call.CallOwnership;
import com.securevox.call.call.CallRegistry;
import com.securevox.call.call.CallState;
import com.securevox.call.call.CallStates;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.Joined;
import com.securevox.call.call.MediaKind;
import com.securevox.call.call.Participant;
import com.securevox.call.cluster.LeaseTimes;
import com.securevox.call.cluster.RedisCallOwnership;
import com.securevox.call.signaling.DataSignal;
import com.securevox.call.signaling.KeptSignals;
import com.securevox.call.signaling.RawJson;
import com.securevox.call.testing.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A draining node hands its call over through a real Redis of the test's own: the call's last state is written, the
 * call is let go without a fact, the lease is given up, and the sockets' transports are closed; the node the clients
 * come back to restores the call at once, as reconnections. What cannot be handed over stays.
 */
class CallHandoffTest {
    @RegisterExtension
    final RedisNodes nodes = new RedisNodes(Duration.ofMillis(500));

    private RedisServer redis;

    /** One server, wired as {@link Cluster} does. */
    private final class Node {
        final CallRegistry registry;
        final CallLeases leases;
        final RedisCallOwnership ownership;
        final CallHandoff handoff;
        final List<CallFact> facts = new CopyOnWriteArrayList<>();
        final List<Boolean> counted = new CopyOnWriteArrayList<>();
        final List<ConnectionId> closed = new CopyOnWriteArrayList<>();
        final List<String> forgotten = new CopyOnWriteArrayList<>();
        final List<String> roomsClosed = new CopyOnWriteArrayList<>();
        final List<Delivered> delivered = new CopyOnWriteArrayList<>();

        Node(String id) {
            this(id, states -> states);
        }

        Node(String id, UnaryOperator<CallStates> wrap) {
            ownership = nodes.ownershipKeepingStates(id, LeaseTimes.DEFAULT);
            Handovers handovers = new Handovers();
            CallStateKeeper states = new CallStateKeeper(wrap.apply(ownership.states()), handovers);
            // No other node is live here, so a join of a call another node holds is refused at once (not proxied): a
            // hand-off must not need its lease to lapse.
            leases = nodes.closeLater(new CallLeases(ownership, Duration.ZERO, states, node -> false));
            registry = RedisNodes.registry(
                    RedisNodes.recordedTo(facts, leases), (to, event) -> delivered.add(new Delivered(to, event)));
            handovers.set(new CallHandover(registry));
            handoff = new CallHandoff(leases, states, ownership, handovers, counted::add);
            handoff.serve(roomsClosed::add, forgotten::add);
        }

        Joined join(String connection, String userId) {
            return RedisNodes.join(leases, registry, "room-1", connection, userId);
        }

        void sendData(String from, String to, int n) {
            byte[] json = ("{\"signal\":" + n + "}").getBytes(StandardCharsets.UTF_8);
            registry.relay(
                    new ConnectionId(from),
                    to,
                    new DataSignal(Optional.empty(), RawJson.within(json, 0, json.length - 1)));
        }

        /** The signals sent to {@code connection}, as its socket is written them. */
        List<String> signalsTo(String connection) {
            return delivered.stream()
                    .filter(d -> d.to().value().equals(connection))
                    .map(Delivered::event)
                    .<CallEvent.Relayed>mapMulti((event, out) -> {
                        if (event instanceof CallEvent.Relayed relayed) {
                            out.accept(relayed);
                        }
                    })
                    .map(relayed -> KeptSignals.kept(
                                    List.of(new CallHandover.Held("any", new ConnectionId(connection), relayed)))
                            .getFirst()
                            .signal()
                            .data())
                    .toList();
        }

        /** What the owner key held when the hand-off asked whether this node's records were written. */
        final List<String> ownerWhenAsked = new CopyOnWriteArrayList<>();

        boolean handOff() {
            return handoff.handOff(List.of("room-1"), closed::add, timeout -> {
                        ownerWhenAsked.add(owner());
                        return true;
                    })
                    == 0;
        }
    }

    record Delivered(ConnectionId to, CallEvent event) {}

    @BeforeEach
    void redis() {
        redis = nodes.redis();
    }

    private String stored() {
        return redis.command("GET {call:room-1}:state");
    }

    private String owner() {
        return redis.command("GET {call:room-1}:owner");
    }

    @Test
    void theHandedOverCallGoesOnAtOnceOnTheNextNodeAsReconnections() {
        Node a = new Node("node-a");
        a.join("a1", "alice");
        a.join("b1", "bob");
        a.registry.setMuted(new ConnectionId("b1"), MediaKind.AUDIO, true);
        int factsBefore = a.facts.size();

        assertThat(a.handOff()).isTrue();

        assertThat(a.closed).containsExactly(new ConnectionId("a1"), new ConnectionId("b1"));
        assertThat(a.counted).containsExactly(true);
        assertThat(a.forgotten).as("the history's and webhooks' leftovers").containsExactly("room-1");
        assertThat(a.roomsClosed)
                .as("its SFU room here, closed with the hand-off")
                .containsExactly("room-1");
        assertThat(a.facts).hasSize(factsBefore); // nobody left, the call did not end
        assertThat(a.registry.activeCallCount()).isZero();
        assertThat(a.registry.participantCount()).isZero();
        assertThat(owner()).as("the lease, given up").isEqualTo("$-1");
        assertThat(a.ownerWhenAsked)
                .as("the lease held until this node's records were written")
                .singleElement()
                .asString()
                .endsWith("\nnode-a:1");
        assertThat(a.ownership.held()).isEmpty();
        assertThat(stored()).contains("\"bob\"").contains("\"audioMuted\":true");
        // The sockets' ends reach it-a's registry after the hand-off: they are in no call there any more.
        a.registry.disconnected(new ConnectionId("a1"));
        assertThat(a.facts).hasSize(factsBefore);

        Node b = new Node("node-b");
        Joined bob = b.join("b2", "bob");
        Joined alice = b.join("a2", "alice");

        assertThat(bob.self().audioMuted()).isTrue();
        assertThat(bob.others()).extracting(Participant::userId).containsExactly("alice");
        RedisNodes.assertResumedAsReconnections(b.facts, bob, alice);
    }

    private static String data(int n) {
        return "{\"sessionId\":\"room-1\",\"from\":\"alice\",\"topic\":null,\"payload\":{\"signal\":" + n + "}}";
    }

    @Test
    void signalsKeptForAMemberInGraceAtTheDrainReachItOnTheNextNodeInOrderAheadOfLaterOnes() {
        Node a = new Node("node-a");
        a.join("a1", "alice");
        a.join("b1", "bob");
        a.registry.disconnected(new ConnectionId("b1")); // bob in reconnect grace on node-a
        for (int n = 1; n <= 3; n++) {
            a.sendData("a1", "bob", n); // acknowledged to alice, kept for bob
        }
        assertThat(a.signalsTo("b1")).isEmpty();

        assertThat(a.handOff()).isTrue();

        assertThat(a.closed).containsExactly(new ConnectionId("a1"));
        assertThat(redis.command("GET {call:room-1}:held")).contains("\"bob\"");
        Node b = new Node("node-b");
        b.join("a2", "alice"); // restores the call: bob away there, the three kept for him
        b.sendData("a2", "bob", 4); // relayed on node-b, after the three
        assertThat(redis.command("EXISTS {call:room-1}:held")).as("taken once").isEqualTo(":0");
        b.join("b2", "bob");

        assertThat(b.signalsTo("b2")).containsExactly(data(1), data(2), data(3), data(4));
        assertThat(b.signalsTo("a2")).isEmpty();
    }

    @Test
    void aCallWithNothingKeptForItsMembersKeepsNothingMore() {
        Node a = new Node("node-a");
        a.join("a1", "alice");

        assertThat(a.handOff()).isTrue();

        assertThat(redis.command("EXISTS {call:room-1}:held")).isEqualTo(":0");
    }

    @Test
    void recordsNotWrittenInTimeDoNotKeepTheLeases() {
        Node a = new Node("node-a");
        a.join("a1", "alice");

        assertThat(a.handoff.handOff(List.of("room-1"), a.closed::add, timeout -> false))
                .isZero();

        assertThat(a.closed).containsExactly(new ConnectionId("a1"));
        assertThat(owner()).as("the lease, given up anyway").isEqualTo("$-1");
        assertThat(stored()).contains("\"alice\"");
    }

    @Test
    void aCallWhoseLeaseAnotherNodeHoldsNowStaysAndThatNodesLeaseAndStateAreLeftAlone() {
        Node a = new Node("node-a");
        a.join("a1", "alice");
        RedisNodes.pollUntil(() -> stored().contains("\"alice\""), "node-a keeps the call's state");
        // Another node holds the call in Redis, while node-a's lease has not run out by its own clock.
        redis.command("SET {call:room-1}:owner node-x:99");
        redis.command("SET {call:room-1}:state kept-by-node-x");

        assertThat(a.handOff()).isFalse();

        assertThat(a.counted).containsExactly(false);
        assertThat(a.closed).isEmpty();
        assertThat(a.forgotten).as("a call kept here is not forgotten").isEmpty();
        assertThat(a.roomsClosed).as("nor its room closed").isEmpty();
        assertThat(a.registry.activeCallCount()).isEqualTo(1);
        assertThat(owner()).endsWith("\nnode-x:99");
        assertThat(stored()).endsWith("\nkept-by-node-x");
    }

    @Test
    void withRedisDownTheCallStaysHereAndGoesOn() {
        Node a = new Node("node-a");
        a.join("a1", "alice");
        a.join("b1", "bob");
        int factsBefore = a.facts.size();
        redis.kill();

        assertThat(a.handOff()).isFalse();

        assertThat(a.counted).containsExactly(false);
        assertThat(a.closed).isEmpty();
        assertThat(a.forgotten).as("a call kept here is not forgotten").isEmpty();
        assertThat(a.roomsClosed).as("nor its room closed").isEmpty();
        assertThat(a.facts).hasSize(factsBefore);
        assertThat(a.registry.activeCallCount()).isEqualTo(1);
        assertThat(a.registry.callOf(new ConnectionId("b1"))).contains("room-1");
        // It goes on as before: a leave is recorded here, as in a drain without a hand-off.
        a.registry.leave(new ConnectionId("b1"), "room-1");
        assertThat(a.facts.getLast()).isInstanceOf(CallFact.ParticipantLeft.class);
    }

    /** Mutes alice through the registry in the middle of the first write the test arms it for. */
    private static final class MutingStates extends WrappedStates {
        volatile Runnable duringNextWrite;

        MutingStates(CallStates redis) {
            super(redis);
        }

        @Override
        public boolean write(CallOwnership.Lease lease, CallState state) {
            boolean written = redis.write(lease, state);
            Runnable during = duringNextWrite;
            duringNextWrite = null;
            if (during != null) {
                during.run();
            }
            return written;
        }
    }

    @Test
    void aCallThatChangesWhileItsStateIsWrittenIsWrittenAgainBeforeItIsLetGo() {
        MutingStates[] muting = new MutingStates[1];
        Node a = new Node("node-a", states -> muting[0] = new MutingStates(states));
        a.join("a1", "alice");
        RedisNodes.pollUntil(() -> stored().contains("\"alice\""), "node-a keeps the call's state");
        muting[0].duringNextWrite = () -> a.registry.setMuted(new ConnectionId("a1"), MediaKind.VIDEO, true);

        assertThat(a.handOff()).isTrue();

        assertThat(stored()).contains("\"videoMuted\":true");
        assertThat(a.registry.activeCallCount()).isZero();
        assertThat(a.closed).containsExactly(new ConnectionId("a1"));
    }

    @Test
    void aCallThatEndedIsNothingToHandOver() {
        Node a = new Node("node-a");
        a.join("a1", "alice");
        a.registry.leave(new ConnectionId("a1"), "room-1");

        assertThat(a.handOff()).isTrue();

        assertThat(a.counted).isEmpty();
        assertThat(a.closed).isEmpty();
    }
}
