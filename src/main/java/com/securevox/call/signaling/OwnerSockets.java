package com.securevox.call.signaling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.securevox.call.auth.CallClaims;
import com.securevox.call.call.Bounces;
import com.securevox.call.call.CallEvent;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.NodeBus;
import com.securevox.call.call.NodeMessage;
import com.securevox.call.call.NodeMessage.Bounced;
import com.securevox.call.call.NodeMessage.Disconnected;
import com.securevox.call.call.NodeMessage.Forward;
import com.securevox.call.call.NodeMessage.Kick;
import com.securevox.call.call.NodeMessage.KickReason;
import com.securevox.call.call.NodeMessage.Open;
import com.securevox.call.signaling.RoutedConnections.Remote;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's side of proxying: sockets that other nodes hold for calls this node owns run through the same {@link
 * SignalingService} paths as its own ({@link Open} as an authenticated connection, each {@link Forward} as an event,
 * {@link Disconnected} as the socket's end), their acknowledgements going back as {@link NodeMessage.Reply}s. A socket
 * that names an epoch this node does not own its call with is told to reconnect ({@link KickReason#MOVED}), so its
 * client joins wherever the call is served now.
 *
 * <p>Called on the bus's thread, one message at a time, in each sender's order.
 */
final class OwnerSockets {
    private static final Logger log = LoggerFactory.getLogger(OwnerSockets.class);

    private final SignalingService signaling;
    private final RoutedConnections routed;
    private final NodeBus bus;
    private final CallHome home;
    private final Bounces bounces;

    OwnerSockets(SignalingService signaling, RoutedConnections routed, NodeBus bus, CallHome home, Bounces bounces) {
        this.signaling = signaling;
        this.routed = routed;
        this.bus = bus;
        this.home = home;
        this.bounces = bounces;
    }

    void open(String edge, Open open) {
        if (!owns(open.callId(), open.epoch())) {
            moved(edge, open);
            return;
        }
        CallClaims claims;
        try {
            claims = new CallClaims(
                    open.userId(), open.callId(), open.role(), open.tokenExpiresAt(), open.tokenIssuedAt());
        } catch (IllegalArgumentException e) {
            log.warn(
                    "node bus: open of connection={} from {} refused: {}",
                    open.connection().value(),
                    edge,
                    e.getMessage());
            moved(edge, open);
            return;
        }
        routed.add(open.connection(), new Remote(edge, open.callId(), open.epoch(), open.client()));
        signaling.openRemote(open.connection(), open.remoteAddress(), claims);
    }

    void forward(String edge, Forward forward) {
        Optional<Remote> remote =
                routed.remote(forward.connection()).filter(r -> r.edge().equals(edge));
        if (remote.isEmpty() || remote.get().epoch() != forward.epoch() || !owns(forward.callId(), forward.epoch())) {
            remote.ifPresent(
                    r -> drop(forward.connection(), r, "its call is not served here under epoch " + forward.epoch()));
            moved(edge, forward);
            return;
        }
        Optional<ClientEventType> type =
                ClientEventType.fromWire(forward.event().event());
        if (type.isEmpty()) {
            return; // as a socket's unknown event
        }
        JsonNode payload;
        try {
            payload = NodeJson.read(forward.event().data());
        } catch (JsonProcessingException e) {
            log.warn(
                    "node bus: {} of connection={} from {} is not JSON: {}",
                    forward.event().event(),
                    forward.connection().value(),
                    edge,
                    e.getOriginalMessage());
            return;
        }
        Reply reply = forward.requestId() == 0 ? Reply.NONE : new BusReply(forward.connection(), forward.requestId());
        signaling.onEvent(forward.connection(), type.get(), payload, reply);
    }

    /**
     * A ringing event of a device connection on {@code edge}, for a ring this node serves: run for the user the edge
     * verified, its acknowledgement sent back. Whatever the epoch: a ring is where its rings are, and a node that
     * does not have it answers {@code RING_NOT_FOUND} as it would its own socket.
     */
    void ring(String edge, NodeMessage.RingEvent ring) {
        Optional<ClientEventType> type = ClientEventType.fromWire(ring.event().event());
        JsonNode payload;
        try {
            payload = NodeJson.read(ring.event().data());
        } catch (JsonProcessingException e) {
            payload = null;
            type = Optional.empty();
        }
        Reply reply = new Reply() {
            @Override
            public boolean requested() {
                return true;
            }

            @Override
            public void send(Object answer) {
                try {
                    bus.send(
                            edge,
                            new NodeMessage.Reply(
                                    ring.callId(),
                                    ring.epoch(),
                                    ring.connection(),
                                    ring.requestId(),
                                    NodeJson.write(answer)));
                } catch (IllegalArgumentException e) {
                    log.warn(
                            "node bus: the answer to {} of connection={} cannot be sent to {}: {}",
                            ring.event().event(),
                            ring.connection().value(),
                            edge,
                            e.getMessage());
                }
            }
        };
        if (type.isEmpty()) {
            reply.send(Wire.Failure.of(
                    SignalingException.invalid(ring.event().event() + ": not a ringing event with a JSON payload")));
            return;
        }
        signaling.ringFor(ring.connection(), ring.userId(), type.get(), payload, reply);
    }

    void disconnected(String edge, Disconnected disconnected) {
        routed.remote(disconnected.connection())
                .filter(r -> r.edge().equals(edge))
                .ifPresent(r -> drop(disconnected.connection(), r, "it disconnected"));
        // Whatever the epoch, as for its ring events: a ring it started here ends if its caller is gone.
        signaling.ringOriginGone(disconnected.connection());
    }

    /**
     * What this node sent a socket on {@code edge} that the edge found gone. A relayed signal is kept for the socket's
     * participant ({@link Bounces}), ahead of what was kept for it since; anything else is told again by the {@code
     * call_joined} of its return. Under an epoch this node does not own the call with, it is not this node's to keep.
     */
    void bounced(String edge, Bounced bounced) {
        if (!owns(bounced.callId(), bounced.epoch())) {
            log.debug(
                    "node bus: {} sent back for connection={} by {} ignored: sessionId={} epoch={} is not served here",
                    bounced.event().event(),
                    bounced.connection().value(),
                    edge,
                    bounced.callId(),
                    bounced.epoch());
            return;
        }
        // The edge reports the socket's end before; should that not have come, the socket ends here now.
        routed.remote(bounced.connection())
                .filter(r -> r.edge().equals(edge))
                .ifPresent(r -> drop(bounced.connection(), r, "its edge sent back what it was sent"));
        Optional<ReturnedSignal.Sent> sent;
        try {
            sent = ReturnedSignal.of(bounced.event());
        } catch (IllegalArgumentException e) {
            log.warn(
                    "node bus: {} sent back for connection={} by {} dropped: {}",
                    bounced.event().event(),
                    bounced.connection().value(),
                    edge,
                    e.getMessage());
            return;
        }
        if (sent.isEmpty()) {
            log.debug(
                    "node bus: {} sent back for connection={} not kept: a return is told it again",
                    bounced.event().event(),
                    bounced.connection().value());
            return;
        }
        Bounces.Outcome outcome = bounces.returned(
                bounced.connection(),
                new CallEvent.Relayed(
                        bounced.callId(), sent.get().fromUserId(), sent.get().signal()));
        switch (outcome) {
            case HELD, DELIVERED ->
                log.debug(
                        "node bus: {} sent back for connection={} {}",
                        bounced.event().event(),
                        bounced.connection().value(),
                        outcome == Bounces.Outcome.HELD
                                ? "kept for its participant's return"
                                : "sent to its new socket");
            case GONE ->
                log.debug(
                        "node bus: {} sent back for connection={} dropped: its participant is gone",
                        bounced.event().event(),
                        bounced.connection().value());
        }
    }

    /**
     * A signal the node that let the call go had kept for a participant in reconnect grace ({@link Bounces#handed}):
     * sent to it, kept for its return, or dropped if it is not in the call here. Only under the epoch this node serves
     * the call with, the one the sender found it serving with: under another, a later owner has the call.
     */
    void handed(String from, NodeMessage.Handed handed) {
        if (!owns(handed.callId(), handed.epoch())) {
            log.warn(
                    "node bus: {} kept for userId={} handed over by {} dropped: sessionId={} epoch={} is not served"
                            + " here (held: {})",
                    handed.event().event(),
                    handed.userId(),
                    from,
                    handed.callId(),
                    handed.epoch(),
                    home.epoch(handed.callId()));
            return;
        }
        Optional<ReturnedSignal.Sent> sent;
        try {
            sent = ReturnedSignal.of(handed.event());
        } catch (IllegalArgumentException e) {
            sent = Optional.empty();
            log.warn(
                    "node bus: {} handed over by {} dropped: {}", handed.event().event(), from, e.getMessage());
        }
        if (sent.isEmpty()) {
            log.warn(
                    "node bus: {} handed over by {} dropped: not a relayed signal",
                    handed.event().event(),
                    from);
            return;
        }
        Bounces.Outcome outcome = bounces.handed(
                handed.userId(),
                new CallEvent.Relayed(
                        handed.callId(), sent.get().fromUserId(), sent.get().signal()));
        switch (outcome) {
            case HELD, DELIVERED ->
                log.debug(
                        "node bus: {} kept for userId={} handed over by {} {}",
                        handed.event().event(),
                        handed.userId(),
                        from,
                        outcome == Bounces.Outcome.HELD ? "kept for its return" : "sent to its socket");
            case GONE ->
                log.warn(
                        "node bus: {} kept for userId={} handed over by {} dropped: not in sessionId={} here",
                        handed.event().event(),
                        handed.userId(),
                        from,
                        handed.callId());
        }
    }

    /**
     * The sockets that the edges {@code gone} says are gone hold are dropped, as if they had disconnected: their
     * participants' reconnect grace starts. With {@code tell}, each edge is asked to close them too (it may have missed
     * what this node sent them).
     */
    void dropFrom(Predicate<String> gone, boolean tell, String why) {
        for (Map.Entry<ConnectionId, Remote> entry : routed.all()) {
            Remote remote = entry.getValue();
            if (gone.test(remote.edge())) {
                if (tell) {
                    routed.kick(entry.getKey(), remote, KickReason.MOVED);
                }
                drop(entry.getKey(), remote, why);
            }
        }
    }

    /** The edges of the sockets proxied here now. */
    java.util.Set<String> edges() {
        java.util.Set<String> edges = new java.util.HashSet<>();
        routed.all().forEach(e -> edges.add(e.getValue().edge()));
        return edges;
    }

    private void drop(ConnectionId connection, Remote remote, String why) {
        if (routed.remove(connection, remote)) {
            log.debug("proxied connection={} from {} dropped: {}", connection.value(), remote.edge(), why);
            signaling.disconnected(connection);
        }
    }

    private boolean owns(String callId, long epoch) {
        OptionalLong held = home.epoch(callId);
        return held.isPresent() && held.getAsLong() == epoch;
    }

    private void moved(String edge, NodeMessage message) {
        log.info(
                "proxied connection={} from {} moved: sessionId={} epoch={} is not served here (held: {})",
                message.connection().value(),
                edge,
                message.callId(),
                message.epoch(),
                home.epoch(message.callId()));
        bus.send(edge, new Kick(message.callId(), message.epoch(), message.connection(), KickReason.MOVED));
    }

    /** The acknowledgement of a proxied event, sent back to the edge. */
    private final class BusReply implements Reply {
        private final ConnectionId connection;
        private final long requestId;

        BusReply(ConnectionId connection, long requestId) {
            this.connection = connection;
            this.requestId = requestId;
        }

        @Override
        public boolean requested() {
            return true;
        }

        @Override
        public void send(Object payload) {
            routed.reply(connection, requestId, payload);
        }
    }
}
