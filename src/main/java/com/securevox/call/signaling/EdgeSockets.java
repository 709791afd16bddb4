package com.securevox.call.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.securevox.call.auth.CallClaims;
import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.NodeBus;
import com.securevox.call.call.NodeMessage;
import com.securevox.call.call.NodeMessage.Bounced;
import com.securevox.call.call.NodeMessage.Deliver;
import com.securevox.call.call.NodeMessage.Disconnected;
import com.securevox.call.call.NodeMessage.Forward;
import com.securevox.call.call.NodeMessage.Kick;
import com.securevox.call.call.NodeMessage.Open;
import com.securevox.call.call.NodeMessage.Payload;
import com.securevox.call.call.NodeMessage.Reply;
import com.securevox.call.call.NodeMessage.RingEvent;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's side of proxying: the sockets on this node whose call another node owns. Once attached (its {@code
 * join_call} found the call served elsewhere), a socket's events go to the owner as they came, except the ones about
 * the socket itself rather than its call (authentication, ringing, devices), which stay here; the owner's events and
 * acknowledgements come back and go out as they are. The owner runs the socket as one of its own; this node keeps no
 * call state for it.
 *
 * <p>Anything the owner sends under an epoch below the highest this node has seen for the call is from an owner that
 * was superseded, and dropped. A socket whose owner moves, dies or may have lost messages has its transport closed: its
 * client reconnects, joins again and is routed anew, and the call tells it {@code RECONNECTED}.
 */
final class EdgeSockets {
    private static final Logger log = LoggerFactory.getLogger(EdgeSockets.class);

    /**
     * What stays on the socket's own node: what is about the socket rather than its call, and {@code join_call},
     * which asks anew where the call is served (it may have moved since, or the call ended and its next meeting
     * be served elsewhere).
     */
    private static final Set<ClientEventType> LOCAL = EnumSet.of(
            ClientEventType.AUTHENTICATE,
            ClientEventType.JOIN_CALL,
            ClientEventType.CALL_INVITE,
            ClientEventType.CALL_ACCEPT,
            ClientEventType.CALL_DECLINE,
            ClientEventType.CALL_CANCEL,
            ClientEventType.REGISTER_DEVICE);

    /** How long a ringing event sent to the node serving its ring waits for the answer. */
    static final Duration RING_ANSWER = Duration.ofSeconds(10);

    private static final ClientInfo GONE = new ClientInfo("unknown", "");

    private final NodeBus bus;
    private final Connections transport;
    private final Map<ConnectionId, Attached> attached = new ConcurrentHashMap<>();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

    /**
     * The nodes each device connection sent an invite adding people to a call to, with the call: told when the
     * connection goes, so a ring it started there ends when its caller is gone, as on one node.
     */
    private final Map<ConnectionId, Map<String, Disconnected>> invited = new ConcurrentHashMap<>();
    /** The highest owner epoch seen per call of an attached socket. */
    private final Map<String, Long> epochs = new ConcurrentHashMap<>();

    private final AtomicLong requests = new AtomicLong();

    /** A socket proxied to {@code owner}, which owns its call with {@code epoch}. */
    record Attached(String callId, String owner, long epoch) {}

    /**
     * An acknowledgement the client waits for.
     *
     * @param reroute for a join: asks again where the call is served, should the owner go before it answers
     */
    private record Pending(ConnectionId connection, CompletableFuture<Object> ack, Runnable reroute) {}

    /** @param transport this node's sockets */
    EdgeSockets(NodeBus bus, Connections transport) {
        this.bus = bus;
        this.transport = transport;
    }

    boolean forwards(ConnectionId connection, ClientEventType type) {
        return !LOCAL.contains(type) && attached.containsKey(connection);
    }

    /**
     * Proxies the socket to the call's owner from now on: tells it who the socket is, with the claims this node
     * verified. A socket proxied to another owner, or under another epoch, leaves that one first.
     */
    void attach(ConnectionId connection, String remoteAddress, CallClaims claims, CallHome.Where.Elsewhere owner) {
        Attached socket = new Attached(claims.sessionId(), owner.node(), owner.epoch());
        if (socket.equals(attached.get(connection))) {
            return;
        }
        disconnected(connection);
        epochs.merge(socket.callId(), owner.epoch(), Math::max);
        attached.put(connection, socket);
        String address = remoteAddress.length() > NodeMessage.MAX_ADDRESS_LENGTH
                ? remoteAddress.substring(0, NodeMessage.MAX_ADDRESS_LENGTH)
                : remoteAddress;
        send(
                socket,
                new Open(
                        socket.callId(),
                        socket.epoch(),
                        connection,
                        claims.userId(),
                        claims.role(),
                        claims.issuedAt(),
                        claims.expiresAt(),
                        address,
                        transport.client(connection).orElse(GONE)));
        log.info(
                "proxied connection={} userId={} sessionId={} owner={} epoch={}",
                connection.value(),
                claims.userId(),
                claims.sessionId(),
                owner.node(),
                owner.epoch());
    }

    /**
     * Sends the event to the socket's owner: the acknowledgement's stage when the client asked for one (it completes
     * with the owner's answer, as JSON to send as it is), null otherwise.
     */
    CompletableFuture<Object> forward(ConnectionId connection, ClientEventType type, JsonNode payload, boolean ack) {
        return forward(connection, type, payload, ack, null);
    }

    /**
     * Sends the socket's {@code join_call} to its owner; the stage completes with the owner's acknowledgement. Should
     * the owner leave the live nodes before it answers, the socket is no longer proxied and {@code reroute} runs
     * instead: the join asks again where the call is served (a dead owner's lease lapses, and the call goes on here).
     */
    CompletableFuture<Object> join(ConnectionId connection, JsonNode payload, Runnable reroute) {
        return forward(connection, ClientEventType.JOIN_CALL, payload, true, reroute);
    }

    private CompletableFuture<Object> forward(
            ConnectionId connection, ClientEventType type, JsonNode payload, boolean ack, Runnable reroute) {
        Attached socket = attached.get(connection);
        if (socket == null) {
            throw new SignalingException(ErrorCode.NOT_IN_CALL, type.wireName() + ": join the call first");
        }
        Payload event;
        try {
            event = new Payload(type.wireName(), NodeJson.write(payload));
        } catch (IllegalArgumentException e) {
            throw new SignalingException(ErrorCode.INVALID_PAYLOAD, type.wireName() + ": " + e.getMessage());
        }
        long requestId = 0;
        CompletableFuture<Object> answer = null;
        if (ack) {
            requestId = requests.incrementAndGet();
            answer = new CompletableFuture<>();
            pending.put(requestId, new Pending(connection, answer, reroute));
        }
        if (!send(socket, new Forward(socket.callId(), socket.epoch(), connection, event, requestId))) {
            pending.remove(requestId);
            throw new SignalingException(
                    ErrorCode.UNAVAILABLE,
                    type.wireName() + ": the node serving call '" + socket.callId() + "' cannot be reached now");
        }
        return answer;
    }

    /**
     * Sends a ringing event of a device connection of this node's to {@code owner}, which serves the ring (the
     * connection is not proxied: only this event goes there); the stage completes with its acknowledgement, or fails
     * ({@link ErrorCode#UNAVAILABLE}) when none came within {@link #RING_ANSWER}, as when that node died meanwhile.
     */
    CompletableFuture<Object> ask(
            ConnectionId connection,
            String userId,
            CallHome.Where.Elsewhere owner,
            ClientEventType type,
            String sessionId,
            JsonNode payload) {
        Payload event;
        try {
            event = new Payload(type.wireName(), NodeJson.write(payload));
        } catch (IllegalArgumentException e) {
            throw new SignalingException(ErrorCode.INVALID_PAYLOAD, type.wireName() + ": " + e.getMessage());
        }
        long requestId = requests.incrementAndGet();
        CompletableFuture<Object> answer = new CompletableFuture<>();
        pending.put(requestId, new Pending(connection, answer, null));
        if (type == ClientEventType.CALL_INVITE) {
            invited.computeIfAbsent(connection, c -> new ConcurrentHashMap<>())
                    .put(owner.node(), new Disconnected(sessionId, owner.epoch(), connection));
        }
        if (!bus.send(owner.node(), new RingEvent(sessionId, owner.epoch(), connection, userId, event, requestId))) {
            pending.remove(requestId);
            throw new SignalingException(
                    ErrorCode.UNAVAILABLE,
                    type.wireName() + ": the node serving call '" + sessionId + "' cannot be reached now");
        }
        return answer.orTimeout(RING_ANSWER.toMillis(), TimeUnit.MILLISECONDS).handle((value, failure) -> {
            pending.remove(requestId);
            if (failure instanceof TimeoutException) {
                throw new SignalingException(
                        ErrorCode.UNAVAILABLE,
                        type.wireName() + ": the node serving call '" + sessionId + "' did not answer within "
                                + RING_ANSWER.toSeconds() + " s");
            }
            if (failure != null) {
                throw failure instanceof CompletionException c ? c : new CompletionException(failure);
            }
            return value;
        });
    }

    /**
     * The socket is gone, or no longer proxied: its owner forgets it (a participant it carried starts its reconnect
     * grace there).
     */
    void disconnected(ConnectionId connection) {
        Map<String, Disconnected> rang = invited.remove(connection);
        if (rang != null) {
            rang.forEach(bus::send);
        }
        Attached socket = attached.remove(connection);
        if (socket == null) {
            return;
        }
        pending.values().removeIf(p -> p.connection().equals(connection));
        send(socket, new Disconnected(socket.callId(), socket.epoch(), connection));
        forgetEpochUnlessAttached(socket.callId());
    }

    void reply(Reply reply) {
        if (stale(reply)) {
            return;
        }
        Pending waiting = pending.remove(reply.requestId());
        if (waiting == null || !waiting.connection().equals(reply.connection())) {
            return; // the socket went meanwhile
        }
        try {
            waiting.ack().complete(NodeJson.raw(reply.data()));
        } catch (IllegalArgumentException e) {
            log.warn(
                    "node bus: an acknowledgement for connection={} dropped: {}",
                    reply.connection().value(),
                    e.getMessage());
            transport.reconnect(reply.connection());
        }
    }

    /**
     * Emits what {@code owner} sends the socket. A socket that is gone (it went just before, or was closed before the
     * event could be written) has the event sent back to {@code owner} ({@link Bounced}), after its {@link
     * Disconnected}: the owner keeps a relayed signal for its participant's return rather than take it for delivered.
     */
    void deliver(String owner, Deliver deliver) {
        if (stale(deliver)) {
            return;
        }
        RawJson data;
        try {
            data = NodeJson.raw(deliver.event().data());
        } catch (IllegalArgumentException e) {
            log.warn(
                    "node bus: {} for connection={} dropped: {}",
                    deliver.event().event(),
                    deliver.connection().value(),
                    e.getMessage());
            transport.reconnect(deliver.connection());
            return;
        }
        transport.emit(deliver.connection(), deliver.event().event(), data, () -> bounce(owner, deliver));
    }

    /** Runs on the socket's thread or the bus's, once the socket is gone. */
    private void bounce(String owner, Deliver deliver) {
        // Its end is normally reported before this runs; if not yet, it is now, so the owner hears of it first.
        disconnected(deliver.connection());
        Bounced back = new Bounced(deliver.callId(), deliver.epoch(), deliver.connection(), deliver.event());
        if (bus.send(owner, back)) {
            log.debug(
                    "node bus: {} for connection={} sent back to {}: the socket is gone",
                    deliver.event().event(),
                    deliver.connection().value(),
                    owner);
        } else {
            log.warn(
                    "node bus: the queue to {} is full; {} for the gone connection={} dropped",
                    owner,
                    deliver.event().event(),
                    deliver.connection().value());
        }
    }

    void kick(Kick kick) {
        if (stale(kick)) {
            return;
        }
        switch (kick.reason()) {
            case MOVED -> transport.reconnect(kick.connection());
            case DISCONNECT -> transport.disconnect(kick.connection());
        }
    }

    /**
     * Closes the transports of the sockets attached to owners {@code gone} says are gone (dead, restarted, or
     * messages from them lost): their clients reconnect and join where the call is served now.
     */
    void resync(Predicate<String> gone, String why) {
        attached.forEach((connection, socket) -> {
            if (gone.test(socket.owner()) && !rerouted(connection, socket)) {
                log.info(
                        "reconnecting connection={} sessionId={} owner={} reason={}",
                        connection.value(),
                        socket.callId(),
                        socket.owner(),
                        why);
                transport.reconnect(connection);
            }
        });
    }

    /** Asks again where the call is served for a join the gone owner did not answer; false when none waits. */
    private boolean rerouted(ConnectionId connection, Attached socket) {
        for (Map.Entry<Long, Pending> entry : pending.entrySet()) {
            Pending waiting = entry.getValue();
            if (waiting.connection().equals(connection)
                    && waiting.reroute() != null
                    && pending.remove(entry.getKey(), waiting)) {
                log.info(
                        "rerouting the join of connection={} sessionId={}: its owner {} is gone",
                        connection.value(),
                        socket.callId(),
                        socket.owner());
                disconnected(connection);
                waiting.reroute().run();
                return true;
            }
        }
        return false;
    }

    /** The owners of the sockets attached now. */
    Set<String> owners() {
        Set<String> owners = new java.util.HashSet<>();
        attached.values().forEach(a -> owners.add(a.owner()));
        return owners;
    }

    private boolean stale(NodeMessage message) {
        Long highest = epochs.get(message.callId());
        if (highest != null && message.epoch() < highest) {
            log.debug(
                    "node bus: {} for sessionId={} under epoch {} dropped (expected: >= {})",
                    message.getClass().getSimpleName(),
                    message.callId(),
                    message.epoch(),
                    highest);
            return true;
        }
        if (highest != null && message.epoch() > highest) {
            epochs.merge(message.callId(), message.epoch(), Math::max);
        }
        return false;
    }

    private void forgetEpochUnlessAttached(String callId) {
        if (attached.values().stream().noneMatch(a -> a.callId().equals(callId))) {
            epochs.remove(callId);
        }
    }

    private boolean send(Attached socket, NodeMessage message) {
        boolean queued = bus.send(socket.owner(), message);
        if (!queued) {
            log.warn(
                    "node bus: the queue to {} is full; {} for connection={} dropped",
                    socket.owner(),
                    message.getClass().getSimpleName(),
                    message.connection().value());
        }
        return queued;
    }
}
