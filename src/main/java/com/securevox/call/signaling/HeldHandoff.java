package com.securevox.call.signaling;

import com.securevox.call.call.CallEvent;
import com.securevox.call.call.CallHandover;
import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.NodeBus;
import com.securevox.call.call.NodeMessage;
import com.securevox.call.call.NodeMessage.Payload;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the signals this node kept for members in reconnect grace to the node that serves their call now, as this node
 * lets the call go ({@link CallHandover#letGoHolding}): each is rendered as it would have been written to its
 * participant (its {@code from} its sender's), and sent as a {@link NodeMessage.Handed} in the order it would have been
 * replayed. Sent before the call's sockets are told to reconnect, the bus's order per pair of nodes keeps them ahead of
 * whatever those sockets send through this node once they rejoined.
 */
public final class HeldHandoff {
    private static final Logger log = LoggerFactory.getLogger(HeldHandoff.class);

    /** A relayed signal carries no ICE servers; only a join's answer does. */
    private static final IceServers NO_ICE = IceServers.shared(List.of());

    private final NodeBus bus;

    public HeldHandoff(NodeBus bus) {
        this.bus = Objects.requireNonNull(bus, "bus: null (expected: the node bus)");
    }

    /**
     * Sends {@code held} to {@code node}, which serves the call under {@code epoch}; returns how many were queued. One
     * that cannot be (too large, or the bus refuses it) is logged and dropped.
     */
    public int hand(String node, long epoch, List<CallHandover.Held> held) {
        int sent = 0;
        for (CallHandover.Held one : held) {
            Optional<Payload> rendered = render(one.relayed());
            if (rendered.isEmpty()) {
                continue;
            }
            NodeMessage.Handed message;
            try {
                message = new NodeMessage.Handed(
                        one.relayed().sessionId(), epoch, one.lost(), one.userId(), rendered.get());
            } catch (IllegalArgumentException e) {
                log.warn(
                        "signal kept for userId={} in sessionId={} not handed to {}: {}",
                        one.userId(),
                        one.relayed().sessionId(),
                        node,
                        e.getMessage());
                continue;
            }
            if (bus.send(node, message)) {
                sent++;
            } else {
                log.warn(
                        "signal kept for userId={} in sessionId={} not handed to {}: the node bus refused it (queue"
                                + " full or closed)",
                        one.userId(),
                        one.relayed().sessionId(),
                        node);
            }
        }
        return sent;
    }

    /** The signal as the outbox writes it to a socket, captured instead of written. */
    static Optional<Payload> render(CallEvent.Relayed relayed) {
        Capture capture = new Capture();
        try {
            new WireOutbox(capture, NO_ICE).deliver(Capture.ID, relayed, () -> {});
            return Optional.ofNullable(capture.event).map(event -> new Payload(event, capture.data));
        } catch (IllegalArgumentException e) {
            log.warn("signal kept in sessionId={} cannot be rendered: {}", relayed.sessionId(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Takes the one event emitted and renders its payload. */
    private static final class Capture implements Connections {
        static final ConnectionId ID = new ConnectionId("handed");

        String event;
        String data;

        @Override
        public void emit(ConnectionId to, String event, Object payload) {
            this.event = event;
            this.data = NodeJson.write(payload);
        }

        @Override
        public void emit(ConnectionId to, String event, Object payload, Runnable undelivered) {
            emit(to, event, payload);
        }

        @Override
        public Optional<ClientInfo> client(ConnectionId connection) {
            return Optional.empty();
        }

        @Override
        public void disconnect(ConnectionId connection) {}

        @Override
        public void reconnect(ConnectionId connection) {}
    }
}
