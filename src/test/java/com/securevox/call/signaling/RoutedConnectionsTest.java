package com.securevox.call.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.CallEvent;
import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.NodeBusMetrics;
import com.securevox.call.call.NodeMessage;
import com.securevox.call.call.NodeMessage.Deliver;
import com.securevox.call.call.NodeMessage.Kick;
import com.securevox.call.call.NodeMessage.KickReason;
import com.securevox.call.call.NodeMessage.Payload;
import com.securevox.call.cluster.LocalNodeBus;
import com.securevox.call.signaling.SignalingServiceTest.RecordingConnections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The owner's connections: its own sockets go to the transport, proxied ones over the bus to their edge. */
class RoutedConnectionsTest {
    private static final ConnectionId LOCAL = new ConnectionId("here-1");
    private static final ConnectionId PROXIED = new ConnectionId("there-1");
    private static final ClientInfo CLIENT = new ClientInfo("polling", "edge-agent/2");

    private final LocalNodeBus.Network network = new LocalNodeBus.Network();
    private final LocalNodeBus ownerBus = new LocalNodeBus(network, "owner", 100, NodeBusMetrics.NONE);
    private final LocalNodeBus edgeBus = new LocalNodeBus(network, "edge", 100, NodeBusMetrics.NONE);
    private final BlockingQueue<NodeMessage> atEdge = new LinkedBlockingQueue<>();
    private final RecordingConnections transport = new RecordingConnections();
    private final RoutedConnections routed = new RoutedConnections(transport, ownerBus);

    RoutedConnectionsTest() {
        edgeBus.subscribe((envelope, missed) -> atEdge.add(envelope.message()));
        routed.add(PROXIED, new RoutedConnections.Remote("edge", "call-1", 7, CLIENT));
    }

    @AfterEach
    void close() {
        ownerBus.close();
        edgeBus.close();
    }

    private NodeMessage atEdge() throws InterruptedException {
        NodeMessage message = atEdge.poll(5, TimeUnit.SECONDS);
        assertThat(message).as("a message at the edge").isNotNull();
        return message;
    }

    @Test
    void aProxiedSocketIsSentWhatItIsToldAsJsonOverTheBusUnderTheOwnersEpoch() throws Exception {
        RawJson raw = NodeJson.raw("{\"any\":[1,2]}");
        routed.emit(PROXIED, "data", new Wire.Data("call-1", "alice", null, raw));

        assertThat(atEdge())
                .isEqualTo(
                        new Deliver(
                                "call-1",
                                7,
                                PROXIED,
                                new Payload(
                                        "data",
                                        "{\"sessionId\":\"call-1\",\"from\":\"alice\",\"topic\":null,\"payload\":{\"any\":[1,2]}}")));
        assertThat(transport.emitted).isEmpty();
        assertThat(routed.client(PROXIED)).contains(CLIENT);
    }

    @Test
    void aProxiedSocketIsEndedByItsEdge() throws Exception {
        routed.disconnect(PROXIED);
        routed.reconnect(PROXIED);
        routed.reply(PROXIED, 12, Wire.Ok.OK);

        assertThat(atEdge()).isEqualTo(new Kick("call-1", 7, PROXIED, KickReason.DISCONNECT));
        assertThat(atEdge()).isEqualTo(new Kick("call-1", 7, PROXIED, KickReason.MOVED));
        assertThat(atEdge()).isEqualTo(new NodeMessage.Reply("call-1", 7, PROXIED, 12, "{\"ok\":true}"));
        assertThat(transport.disconnected).isEmpty();
        assertThat(transport.reconnected).isEmpty();
    }

    @Test
    void thisNodesOwnSocketsGoToTheTransport() {
        routed.emit(LOCAL, "participant_left", Wire.Ok.OK);
        routed.disconnect(LOCAL);
        routed.reconnect(LOCAL);

        assertThat(transport.to("here-1", "participant_left")).hasSize(1);
        assertThat(transport.disconnected).containsExactly(LOCAL);
        assertThat(transport.reconnected).containsExactly(LOCAL);
        assertThat(routed.client(LOCAL)).contains(new ClientInfo("websocket", "test-agent/1"));
        assertThat(atEdge).isEmpty();
    }

    @Test
    void aSignalToAGoneSocketOfThisNodeRunsItsUndeliveredAndOneProxiedIsLeftToItsEdgeToSendBack() throws Exception {
        WireOutbox outbox = new WireOutbox(routed, new IceServers(List.of(), Optional.empty()));
        CallEvent.Relayed signal =
                new CallEvent.Relayed("call-1", "alice", new DataSignal(Optional.empty(), NodeJson.raw("{\"n\":1}")));
        List<ConnectionId> undelivered = new CopyOnWriteArrayList<>();
        transport.gone.add(LOCAL);

        outbox.deliver(LOCAL, signal, () -> undelivered.add(LOCAL));
        outbox.deliver(PROXIED, signal, () -> undelivered.add(PROXIED));

        // The transport found this node's socket gone; the edge is sent the proxied one's and finds out itself.
        assertThat(undelivered).containsExactly(LOCAL);
        assertThat(transport.emitted).isEmpty();
        assertThat(atEdge()).isInstanceOf(Deliver.class);

        transport.gone.remove(LOCAL);
        outbox.deliver(LOCAL, signal, () -> undelivered.add(LOCAL));
        assertThat(transport.to("here-1", "data")).hasSize(1);
        assertThat(undelivered).containsExactly(LOCAL);
    }
}
