package com.securevox.call.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.Bounces;
import com.securevox.call.call.CallEvent;
import com.securevox.call.call.CallHandover;
import com.securevox.call.call.CallPolicy;
import com.securevox.call.call.CallRegistry;
import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.JoinRequest;
import com.securevox.call.call.NodeBusMetrics;
import com.securevox.call.call.Role;
import com.securevox.call.cluster.NodeBusSettings;
import com.securevox.call.cluster.RedisNodeBus;
import com.securevox.call.cluster.RedisSettings;
import com.securevox.call.signaling.SignalingServiceTest.Emitted;
import com.securevox.call.signaling.SignalingServiceTest.RecordingConnections;
import com.securevox.call.testing.ManualScheduler;
import com.securevox.call.testing.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node that lets a call go (another node serves it now) hands the signals it acknowledged and kept for a member in
 * reconnect grace to the call's new owner, over the node bus on a Redis of the test's own: the member gets them there
 * in the order they were sent, with their sender as {@code from}, or has them kept ahead of what is kept for it since.
 * Under another epoch than the one the new owner serves the call with, they are not taken.
 */
class HeldSignalsHandedOverTest {
    private static final String CALL = "call-1";
    private static final long EPOCH = 7;
    private static final ClientInfo CLIENT = new ClientInfo("websocket", "test/1");

    private RedisServer redis;
    private final List<RedisNodeBus> buses = new ArrayList<>();

    /** One server's calls, its sockets recorded. */
    private static final class Node {
        final RecordingConnections sockets = new RecordingConnections();
        final CallRegistry registry = new CallRegistry(
                Clock.systemUTC(),
                new CallPolicy(16, Duration.ofSeconds(30), 16),
                new ManualScheduler(),
                new WireOutbox(sockets, IceServers.shared(List.of())),
                fact -> {});

        void join(String connection, String userId) {
            registry.join(new JoinRequest(
                    new ConnectionId(connection),
                    userId,
                    Role.PARTICIPANT,
                    CALL,
                    Optional.empty(),
                    false,
                    false,
                    CLIENT));
        }

        void sendData(String from, String to, int n) {
            registry.relay(
                    new ConnectionId(from),
                    to,
                    new DataSignal(Optional.empty(), NodeJson.raw("{\"signal\":" + n + "}")));
        }

        List<String> dataTo(String connection) {
            return sockets.to(connection, "data").stream()
                    .map(Emitted::payload)
                    .map(NodeJson::write)
                    .toList();
        }
    }

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start();
    }

    @AfterEach
    void stop() {
        buses.forEach(RedisNodeBus::close);
        redis.close();
    }

    private RedisNodeBus bus(String node) {
        RedisNodeBus bus = RedisNodeBus.open(
                        RedisSettings.standalone("127.0.0.1", redis.port(), Duration.ofSeconds(2)),
                        node,
                        NodeBusSettings.DEFAULT,
                        NodeBusMetrics.NONE)
                .locate();
        buses.add(bus);
        return bus;
    }

    /** {@code node} reading its inbox as the server does, serving {@link #CALL} under {@code epoch}. */
    private void serve(Node node, RedisNodeBus bus, long epoch) {
        CallHome home = new CallHome() {
            @Override
            public CompletionStage<Where> admit(String sessionId) {
                return HERE_NOW;
            }

            @Override
            public OptionalLong epoch(String sessionId) {
                return sessionId.equals(CALL) ? OptionalLong.of(epoch) : OptionalLong.empty();
            }
        };
        RoutedConnections routed = new RoutedConnections(node.sockets, bus);
        Supplier<Set<String>> live = Set::of;
        bus.subscribe(new NodeRoutes(
                bus,
                new EdgeSockets(bus, node.sockets),
                new OwnerSockets(null, routed, bus, home, new Bounces(node.registry)),
                live,
                new ManualScheduler()));
    }

    /** On node-a, alice sent bob three signals while bob was away: acknowledged, kept for him there. */
    private static Node oldOwnerWithSignalsKeptForBob() {
        Node a = new Node();
        a.join("a1", "alice");
        a.join("b1", "bob");
        a.registry.disconnected(new ConnectionId("b1"));
        for (int n = 1; n <= 3; n++) {
            a.sendData("a1", "bob", n);
        }
        assertThat(a.dataTo("b1")).isEmpty();
        return a;
    }

    /** On node-b, the call's owner now, alice and bob rejoined. */
    private static Node newOwnerWithBothRejoined() {
        Node b = new Node();
        b.join("a2", "alice");
        b.join("b2", "bob");
        return b;
    }

    private static List<String> expected() {
        return List.of(1, 2, 3).stream()
                .map(n -> "{\"sessionId\":\"call-1\",\"from\":\"alice\",\"topic\":null,\"payload\":{\"signal\":" + n
                        + "}}")
                .toList();
    }

    private static void pollUntil(Supplier<Boolean> condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 20 s: " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    @Test
    void signalsKeptForAMemberWhoRejoinedOnTheNewOwnerReachItThereInOrder() {
        Node a = oldOwnerWithSignalsKeptForBob();
        Node b = newOwnerWithBothRejoined();
        RedisNodeBus busA = bus("node-a");
        serve(b, bus("node-b"), EPOCH);

        CallHandover.Released released =
                new CallHandover(a.registry).letGoHolding(CALL).orElseThrow();
        assertThat(released.connections()).containsExactly(new ConnectionId("a1"));
        assertThat(released.held()).extracting(CallHandover.Held::userId).containsExactly("bob", "bob", "bob");
        assertThat(new HeldHandoff(busA).hand("node-b", EPOCH, released.held())).isEqualTo(3);

        pollUntil(() -> b.dataTo("b2").size() == 3, "bob gets the three signals on node-b");
        assertThat(b.dataTo("b2")).containsExactlyElementsOf(expected());
        assertThat(a.registry.activeCallCount()).isZero();
    }

    @Test
    void signalsKeptForAMemberStillAwayOnTheNewOwnerReplayThereAheadOfLaterOnes() {
        Node a = oldOwnerWithSignalsKeptForBob();
        Node b = newOwnerWithBothRejoined();
        b.registry.disconnected(new ConnectionId("b2")); // bob away on node-b too
        b.sendData("a2", "bob", 4); // kept there, relayed after those node-a kept
        RedisNodeBus busA = bus("node-a");
        serve(b, bus("node-b"), EPOCH);

        new HeldHandoff(busA)
                .hand(
                        "node-b",
                        EPOCH,
                        new CallHandover(a.registry)
                                .letGoHolding(CALL)
                                .orElseThrow()
                                .held());
        // The three are taken on the bus's thread: one for alice sent after them shows they were.
        new HeldHandoff(busA)
                .hand(
                        "node-b",
                        EPOCH,
                        List.of(new CallHandover.Held(
                                "alice",
                                new ConnectionId("a1"),
                                new CallEvent.Relayed(
                                        CALL,
                                        "bob",
                                        new DataSignal(Optional.empty(), NodeJson.raw("{\"marker\":true}"))))));
        pollUntil(() -> b.dataTo("a2").size() == 1, "the marker reaches alice on node-b");

        b.join("b3", "bob");
        List<String> replayed = new ArrayList<>(expected());
        replayed.add("{\"sessionId\":\"call-1\",\"from\":\"alice\",\"topic\":null,\"payload\":{\"signal\":4}}");
        assertThat(b.dataTo("b3")).containsExactlyElementsOf(replayed);
    }

    @Test
    void underAnotherEpochThanTheNewOwnersTheyAreNotTaken() {
        Node a = oldOwnerWithSignalsKeptForBob();
        Node b = newOwnerWithBothRejoined();
        RedisNodeBus busA = bus("node-a");
        serve(b, bus("node-b"), EPOCH + 1);

        List<CallHandover.Held> held =
                new CallHandover(a.registry).letGoHolding(CALL).orElseThrow().held();
        new HeldHandoff(busA).hand("node-b", EPOCH, held);
        // Then one under the epoch node-b serves the call with: once it arrived, the three before it were read.
        new HeldHandoff(busA).hand("node-b", EPOCH + 1, held.subList(0, 1));

        pollUntil(() -> b.dataTo("b2").size() == 1, "the one under node-b's epoch arrives");
        assertThat(b.dataTo("b2")).containsExactly(expected().getFirst());
    }
}
