package com.securevox.call.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.signaling.ClientEventType;
import com.securevox.call.signaling.Reply;
import com.securevox.call.signaling.SignalingException;
import com.securevox.call.signaling.SignalingService;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Socket.IO 5 over one Engine.IO session, with the contract's rules: namespace {@code /} only, a token in the CONNECT
 * or an {@code authenticate} event later, unknown events ignored, and anything that is not Socket.IO closing the
 * session. Everything runs on the session's loop.
 */
final class SocketIoConnection implements EngineSession.Listener {
    private static final Logger log = LoggerFactory.getLogger(SocketIoConnection.class);
    private static final ObjectMapper MAPS = new ObjectMapper();

    /** The transport's table of connected sockets. */
    interface Sockets {
        void connected(SocketIoConnection socket);

        void disconnected(SocketIoConnection socket);
    }

    private enum State {
        AWAITING_CONNECT,
        CONNECTED,
        CLOSED
    }

    final ConnectionId id;
    final EngineSession session;
    private final SignalingService signaling;
    private final Sockets sockets;
    private State state = State.AWAITING_CONNECT;
    /** Whether signaling has heard of this id (a CONNECT with a token), so it must hear of its end too. */
    private boolean known;

    private ScheduledFuture<?> connectDeadline;
    private SocketIoPacket binaryPacket;
    private List<byte[]> attachments;

    SocketIoConnection(ConnectionId id, EngineSession session, SignalingService signaling, Sockets sockets) {
        this.id = id;
        this.session = session;
        this.signaling = signaling;
        this.sockets = sockets;
    }

    /** A session that sends no CONNECT in time is closed: it would otherwise hold a slot with no deadline at all. */
    void startConnectDeadline(int millis) {
        connectDeadline = session.loop.schedule(
                () -> {
                    if (state == State.AWAITING_CONNECT) {
                        session.close("no Socket.IO CONNECT within " + millis + " ms");
                    }
                },
                millis,
                TimeUnit.MILLISECONDS);
    }

    /** Sends an Engine.IO message packet, encoded as UTF-8, to this socket from any thread; the buffer is ours. */
    void send(ByteBuf packet) {
        send(packet, () -> {});
    }

    /**
     * {@link #send(ByteBuf)}, running {@code undelivered} on the socket's thread instead when the socket is closed by
     * the time the packet would be written: after its close was reported ({@link Sockets#disconnected}, {@link
     * SignalingService#disconnected}), as both run on that thread before.
     */
    void send(ByteBuf packet, Runnable undelivered) {
        try {
            session.execute(() -> {
                if (state == State.CONNECTED) {
                    session.send(packet);
                } else {
                    packet.release();
                    undelivered.run();
                }
            });
        } catch (RejectedExecutionException e) {
            // The loop is shutting down: nothing will be sent any more.
            packet.release();
            undelivered.run();
        }
    }

    /** The server ends this socket: a Socket.IO DISCONNECT, then the session closes behind it. From any thread. */
    void disconnect() {
        session.execute(() -> {
            if (state == State.CONNECTED) {
                session.send(EngineCodec.message("1"));
            }
            session.close("disconnected by the server");
        });
    }

    /**
     * Closes the Engine.IO session without a Socket.IO disconnect, behind what was queued: the client sees its
     * transport close and reconnects. From any thread.
     */
    void closeTransport() {
        try {
            session.execute(() -> session.drop("closed for a reconnect"));
        } catch (RejectedExecutionException e) {
            // The loop is shutting down: the session ends with it.
        }
    }

    @Override
    public void onText(byte[] utf8, int from) {
        try {
            SocketIoPacket packet = SocketIoCodec.decode(utf8, from);
            if (binaryPacket != null) {
                throw new ProtocolViolation(
                        "Socket.IO packet while " + (binaryPacket.attachments() - attachments.size())
                                + " binary attachments are due (expected: the attachments first)");
            }
            handle(packet);
        } catch (ProtocolViolation e) {
            violation(e);
        }
    }

    @Override
    public void onBinary(byte[] data) {
        if (binaryPacket == null) {
            violation(new ProtocolViolation("binary message: not announced by a binary packet"));
            return;
        }
        attachments.add(data);
        if (attachments.size() == binaryPacket.attachments()) {
            SocketIoPacket packet = binaryPacket;
            binaryPacket = null;
            attachments = null;
            // No event of the contract carries binary data: the event is dispatched as JSON (its placeholders are
            // not filled in), and the decoders refuse whatever does not fit.
            if (packet.type() == SocketIoPacketType.BINARY_EVENT) {
                event(packet);
            }
        }
    }

    @Override
    public void onClose(String reason) {
        if (connectDeadline != null) {
            connectDeadline.cancel(false);
        }
        State was = state;
        state = State.CLOSED;
        if (was == State.CONNECTED) {
            sockets.disconnected(this);
        }
        if (known) {
            signaling.disconnected(id);
        }
        log.debug("socket closed connection={} sid={} reason={}", id.value(), session.sid, reason);
    }

    private void handle(SocketIoPacket packet) throws ProtocolViolation {
        switch (packet.type()) {
            case CONNECT -> connect(packet);
            case DISCONNECT -> {
                if (main(packet) && state == State.CONNECTED) {
                    session.close("disconnected by the client");
                }
            }
            case EVENT -> {
                requireConnected(packet);
                event(packet);
            }
            case ACK -> requireConnected(packet); // the server never asks clients for acknowledgements
            case BINARY_EVENT, BINARY_ACK -> {
                requireConnected(packet);
                binaryPacket = packet;
                attachments = new ArrayList<>(packet.attachments());
            }
            case CONNECT_ERROR -> throw new ProtocolViolation("CONNECT_ERROR from the client");
        }
    }

    private void connect(SocketIoPacket packet) throws ProtocolViolation {
        if (!main(packet)) {
            session.send(EngineCodec.message(
                    "4" + packet.namespace() + "," + OutboundJson.write(Map.of("message", "Invalid namespace"))));
            return;
        }
        if (state == State.CONNECTED) {
            throw new ProtocolViolation("CONNECT: the socket is already connected");
        }
        Optional<String> token = HandshakeAuth.token(packet.data());
        Optional<SignalingException> refused;
        if (token.isPresent()) {
            known = true;
            refused = signaling.authenticateHandshake(id, session.handshake.remote(), token.get());
        } else {
            refused = HandshakeAuth.problem(
                    packet.data() == null ? null : MAPS.convertValue(packet.data(), Object.class));
        }
        if (refused.isPresent()) {
            SignalingException e = refused.get();
            String code = e.code().name();
            session.send(EngineCodec.message("4"
                    + OutboundJson.write(
                            Map.of("message", code, "data", Map.of("code", code, "message", e.getMessage())))));
            return;
        }
        state = State.CONNECTED;
        known = true;
        connectDeadline.cancel(false);
        sockets.connected(this);
        signaling.connected(id, session.handshake.remote());
        session.send(EngineCodec.message("0" + OutboundJson.write(Map.of("sid", id.value()))));
        if (token.isPresent()) {
            signaling.announceAuthenticated(id);
        }
    }

    private void event(SocketIoPacket packet) {
        ArrayNode args = (ArrayNode) packet.data();
        Optional<ClientEventType> type = ClientEventType.fromWire(args.get(0).asText());
        if (type.isEmpty()) {
            return;
        }
        JsonNode payload = args.size() > 1 ? args.get(1) : null;
        signaling.onEvent(id, type.get(), payload, packet.wantsAck() ? new AckReply(packet.ackId()) : Reply.NONE);
    }

    private void requireConnected(SocketIoPacket packet) throws ProtocolViolation {
        if (state != State.CONNECTED) {
            throw new ProtocolViolation(packet.type() + " before CONNECT (expected: CONNECT first)");
        }
        if (!main(packet)) {
            throw new ProtocolViolation(packet.type() + " for namespace '" + packet.namespace()
                    + "' (expected: '/', the only one connected)");
        }
    }

    private static boolean main(SocketIoPacket packet) {
        return packet.namespace().equals(SocketIoPacket.MAIN_NAMESPACE);
    }

    private void violation(ProtocolViolation e) {
        log.debug(
                "protocol violation connection={} remote={}: {}",
                id.value(),
                session.handshake.remote(),
                e.getMessage());
        session.finish("protocol violation: " + e.getMessage());
    }

    /** The acknowledgement a client asked for; signaling may answer from another thread. */
    private final class AckReply implements Reply {
        private final long ackId;

        AckReply(long ackId) {
            this.ackId = ackId;
        }

        @Override
        public boolean requested() {
            return true;
        }

        @Override
        public void send(Object payload) {
            SocketIoConnection.this.send(OutboundJson.ack(ackId, payload));
        }
    }
}
