package com.securevox.call.signaling;

import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.NodeBus;
import com.securevox.call.call.NodeMessage;
import com.securevox.call.ring.DeviceDirectory;
import com.securevox.call.ring.RingNotice;
import com.securevox.call.ring.RingOutbox;
import com.securevox.call.ring.RingRelay;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ringing's notices as Socket.IO events: one event per notice, queued on the device connection here, or, for a device
 * connection on another node, sent to that node over the node bus as a {@link NodeMessage.Deliver}, which it emits on
 * the connection as it emits an owner's event for a proxied socket.
 *
 * <p>A notice goes to the one node the directory listed the connection on, not to every node: the directory names
 * each connection, so the owner of the ring leaves out the device that answered itself, and nodes without a device of
 * the user hear nothing.
 */
public final class WireRingOutbox implements RingOutbox, RingRelay {
    private static final Logger log = LoggerFactory.getLogger(WireRingOutbox.class);

    private final Connections connections;
    private final Optional<NodeBus> bus;
    private final CallHome home;

    public WireRingOutbox(Connections connections) {
        this(connections, Optional.empty(), CallHome.THIS_NODE);
    }

    /**
     * @param bus reaches the other nodes, when several share the calls
     * @param home the epoch each relayed notice carries: the one this node owns the ring's call with
     */
    public WireRingOutbox(Connections connections, Optional<NodeBus> bus, CallHome home) {
        this.connections = connections;
        this.bus = bus;
        this.home = home;
    }

    @Override
    public void deliver(ConnectionId to, RingNotice notice) {
        connections.emit(to, event(notice), wire(notice));
    }

    @Override
    public void relay(DeviceDirectory.Remote to, RingNotice notice) {
        if (bus.isEmpty()) {
            throw new IllegalStateException("a device connection on node " + to.node() + " without a node bus");
        }
        String sessionId = sessionId(notice);
        NodeMessage.Deliver deliver = new NodeMessage.Deliver(
                sessionId,
                home.epoch(sessionId).orElse(1),
                to.connection(),
                new NodeMessage.Payload(event(notice), NodeJson.write(wire(notice))));
        if (!bus.get().send(to.node(), deliver)) {
            log.warn(
                    "node bus: the queue to {} is full; {} for connection={} dropped",
                    to.node(),
                    event(notice),
                    to.connection().value());
        }
    }

    private static String event(RingNotice notice) {
        return switch (notice) {
            case RingNotice.IncomingCall call -> "incoming_call";
            case RingNotice.InviteStateChanged state -> "invite_state";
            case RingNotice.IncomingCallEnded ended -> "incoming_call_ended";
        };
    }

    private static String sessionId(RingNotice notice) {
        return switch (notice) {
            case RingNotice.IncomingCall call -> call.sessionId();
            case RingNotice.InviteStateChanged state -> state.sessionId();
            case RingNotice.IncomingCallEnded ended -> ended.sessionId();
        };
    }

    private static Object wire(RingNotice notice) {
        return switch (notice) {
            case RingNotice.IncomingCall call ->
                new RingWire.IncomingCall(
                        call.sessionId(),
                        call.ringId().toString(),
                        new RingWire.From(call.fromUserId(), call.metadataJson()),
                        call.media().wireName(),
                        call.invitees(),
                        call.expiresAt().toEpochMilli());
            case RingNotice.InviteStateChanged state ->
                new RingWire.InviteState(
                        state.sessionId(), state.userId(), state.state().wireName());
            case RingNotice.IncomingCallEnded ended ->
                new RingWire.IncomingCallEnded(ended.sessionId(), ended.reason().wireName());
        };
    }
}
