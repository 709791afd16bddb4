package com.securevox.call.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.auth.CallClaims;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.NodeBus.Envelope;
import com.securevox.call.call.NodeBus.Sender;
import com.securevox.call.call.NodeBusMetrics;
import com.securevox.call.call.NodeMessage;
import com.securevox.call.call.NodeMessage.Bounced;
import com.securevox.call.call.NodeMessage.Deliver;
import com.securevox.call.call.NodeMessage.Disconnected;
import com.securevox.call.call.NodeMessage.Forward;
import com.securevox.call.call.NodeMessage.Kick;
import com.securevox.call.call.NodeMessage.KickReason;
import com.securevox.call.call.NodeMessage.Open;
import com.securevox.call.call.NodeMessage.Payload;
import com.securevox.call.call.NodeMessage.Reply;
import com.securevox.call.call.Role;
import com.securevox.call.cluster.LocalNodeBus;
import com.securevox.call.signaling.SignalingServiceTest.RecordingConnections;
import com.securevox.call.testing.ManualScheduler;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The edge's side of proxying, between two nodes on one {@link LocalNodeBus.Network}: what the edge sends its owner,
 * and what it does with the owner's messages (emits and acknowledgements as they are, stale epochs dropped, kicks),
 * after lost messages and when the owner leaves the live nodes.
 */
class EdgeSocketsTest {
    private static final ConnectionId SOCKET = new ConnectionId("sock-1");
    private static final CallClaims BOB =
            new CallClaims("bob", "call-1", Role.PARTICIPANT, Instant.parse("2026-12-07T00:00:00Z"), Instant.EPOCH);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalNodeBus.Network network = new LocalNodeBus.Network();
    private final LocalNodeBus edgeBus = new LocalNodeBus(network, "edge", 100, NodeBusMetrics.NONE);
    private final LocalNodeBus ownerBus = new LocalNodeBus(network, "owner", 100, NodeBusMetrics.NONE);
    private final BlockingQueue<NodeMessage> atOwner = new LinkedBlockingQueue<>();
    private final RecordingConnections transport = new RecordingConnections();
    private final EdgeSockets edge = new EdgeSockets(edgeBus, transport);
    private final AtomicReference<Set<String>> live = new AtomicReference<>(Set.of("edge", "owner"));
    private final NodeRoutes routes = new NodeRoutes(
            edgeBus,
            edge,
            new OwnerSockets(null, new RoutedConnections(transport, edgeBus), edgeBus, CallHome.THIS_NODE, null),
            live::get,
            new ManualScheduler());

    EdgeSocketsTest() {
        ownerBus.subscribe((envelope, missed) -> atOwner.add(envelope.message()));
        routes.start();
    }

    @AfterEach
    void close() {
        routes.stop();
        edgeBus.close();
        ownerBus.close();
    }

    private NodeMessage atOwner() throws InterruptedException {
        NodeMessage message = atOwner.poll(5, TimeUnit.SECONDS);
        assertThat(message).as("a message at the owner").isNotNull();
        return message;
    }

    /** What the owner sends, as the edge's inbox gets it, in order. */
    private void fromOwner(NodeMessage message) {
        routes.receive(new Envelope(new Sender("owner", "run-1"), sequence.incrementAndGet(), message), 0);
    }

    private final AtomicInteger sequence = new AtomicInteger();

    private void attach(long epoch) {
        edge.attach(SOCKET, "192.0.2.7", BOB, new CallHome.Where.Elsewhere("owner", epoch));
    }

    @Test
    void theSocketIsOpenedAtTheOwnerAndItsEventsAndAcknowledgementsCross() throws Exception {
        attach(3);
        Open open = (Open) atOwner();
        assertThat(open)
                .extracting(Open::callId, Open::epoch, Open::userId, Open::role, Open::remoteAddress)
                .containsExactly("call-1", 3L, "bob", Role.PARTICIPANT, "192.0.2.7");
        assertThat(open.client().userAgent()).isEqualTo("test-agent/1");

        CompletableFuture<Object> ack =
                edge.forward(SOCKET, ClientEventType.MUTE_AUDIO, JSON.readTree("{\"muted\":true}"), true);
        Forward forward = (Forward) atOwner();
        assertThat(forward.event()).isEqualTo(new Payload("mute_audio", "{\"muted\":true}"));
        assertThat(forward.requestId()).isPositive();
        assertThat(edge.forward(SOCKET, ClientEventType.ICE_CANDIDATE, null, false))
                .isNull();
        assertThat(((Forward) atOwner()).requestId()).isZero();

        fromOwner(new Reply("call-1", 3, SOCKET, forward.requestId(), "{\"ok\":true}"));
        assertThat(ack).isCompleted();
        assertThat(((RawJson) ack.join()).json()).isEqualTo("{\"ok\":true}");

        edge.disconnected(SOCKET);
        assertThat(atOwner()).isEqualTo(new Disconnected("call-1", 3, SOCKET));
    }

    @Test
    void whatAnOwnerSendsUnderAnEpochBelowTheHighestSeenIsDropped() throws Exception {
        attach(3);
        fromOwner(new Deliver("call-1", 3, SOCKET, new Payload("participant_joined", "{\"n\":1}")));
        fromOwner(new Deliver("call-1", 4, SOCKET, new Payload("participant_joined", "{\"n\":2}")));
        fromOwner(new Deliver("call-1", 3, SOCKET, new Payload("participant_joined", "{\"n\":3}")));
        fromOwner(new Kick("call-1", 2, SOCKET, KickReason.MOVED));

        assertThat(transport.to("sock-1", "participant_joined").stream()
                        .map(e -> ((RawJson) e.payload()).json())
                        .toList())
                .containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(transport.reconnected).isEmpty();
    }

    @Test
    void whatTheOwnerSendsASocketThatWentGoesBackToItAfterTheSocketsEnd() throws Exception {
        attach(3);
        assertThat(atOwner()).isInstanceOf(Open.class);
        Payload first = new Payload("ice_candidate", "{\"from\":\"alice\",\"candidate\":null}");
        Payload second = new Payload("participant_joined", "{\"n\":1}");

        // The socket went, and its end is not reported yet: the edge reports it first.
        transport.gone.add(SOCKET);
        fromOwner(new Deliver("call-1", 3, SOCKET, first));
        fromOwner(new Deliver("call-1", 3, SOCKET, second));

        assertThat(atOwner()).isEqualTo(new Disconnected("call-1", 3, SOCKET));
        assertThat(atOwner()).isEqualTo(new Bounced("call-1", 3, SOCKET, first));
        assertThat(atOwner()).isEqualTo(new Bounced("call-1", 3, SOCKET, second));
        assertThat(transport.emitted).isEmpty();
        // Reported once: a later end of the socket tells the owner nothing more.
        edge.disconnected(SOCKET);
        assertThat(atOwner.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void anOwnerEndsTheSocketAsItSays() {
        attach(1);
        fromOwner(new Kick("call-1", 1, SOCKET, KickReason.DISCONNECT));
        assertThat(transport.disconnected).containsExactly(SOCKET);
        fromOwner(new Kick("call-1", 1, SOCKET, KickReason.MOVED));
        assertThat(transport.reconnected).containsExactly(SOCKET);
    }

    @Test
    void whatIsNotJsonIsNotSentToTheClientWhichReconnectsInstead() {
        attach(1);
        fromOwner(new Deliver("call-1", 1, SOCKET, new Payload("participant_joined", "{\"n\":")));
        assertThat(transport.to("sock-1", "participant_joined")).isEmpty();
        assertThat(transport.reconnected).containsExactly(SOCKET);
    }

    @Test
    void messagesLostFromTheOwnerOrItsRestartReconnectItsSockets() {
        attach(1);
        routes.receive(
                new Envelope(
                        new Sender("owner", "run-1"),
                        5,
                        new Deliver("call-1", 1, SOCKET, new Payload("participant_left", "{}"))),
                4);
        assertThat(transport.reconnected).containsExactly(SOCKET);

        routes.receive(
                new Envelope(new Sender("owner", "run-2"), 1, new Deliver("call-1", 1, SOCKET, new Payload("x", "{}"))),
                0);
        assertThat(transport.reconnected).containsExactly(SOCKET, SOCKET);
    }

    @Test
    void anOwnerThatLeavesTheLiveNodesHasItsSocketsReconnectAndItsUnansweredJoinsAskAgain() throws Exception {
        attach(1);
        atOwner();
        routes.watch();
        assertThat(transport.reconnected).isEmpty();

        List<String> rerouted = new java.util.concurrent.CopyOnWriteArrayList<>();
        ConnectionId joining = new ConnectionId("sock-2");
        edge.attach(joining, "192.0.2.8", BOB, new CallHome.Where.Elsewhere("owner", 1));
        CompletableFuture<Object> join = edge.join(joining, null, () -> rerouted.add("sock-2"));
        live.set(Set.of("edge"));
        routes.watch();

        assertThat(transport.reconnected).containsExactly(SOCKET);
        assertThat(rerouted).containsExactly("sock-2");
        assertThat(join).isNotDone();
        live.set(Set.of());
        routes.watch(); // nodes not known: nothing is taken for gone
        assertThat(transport.reconnected).containsExactly(SOCKET);
    }

    @Test
    void anOwnerHeardFromLatelyIsNotTakenForGoneBeforeTheLiveNodesListItAgain() throws Exception {
        AtomicLong now = new AtomicLong();
        NodeRoutes heardRoutes = new NodeRoutes(
                edgeBus,
                edge,
                new OwnerSockets(null, new RoutedConnections(transport, edgeBus), edgeBus, CallHome.THIS_NODE, null),
                live::get,
                new ManualScheduler(),
                now::get);
        attach(1);
        atOwner();
        // The owner is back from an outage of its own: it sends before the others list it again.
        heardRoutes.receive(
                new Envelope(
                        new Sender("owner", "run-1"),
                        1,
                        new Deliver("call-1", 1, SOCKET, new Payload("participant_updated", "{}"))),
                0);
        live.set(Set.of("edge"));
        heardRoutes.watch();
        assertThat(transport.reconnected).isEmpty();

        now.addAndGet(NodeRoutes.HEARD.toNanos());
        heardRoutes.watch();
        assertThat(transport.reconnected).containsExactly(SOCKET);
    }
}
