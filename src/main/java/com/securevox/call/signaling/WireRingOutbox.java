package com.securevox.call.signaling;

import com.securevox.call.call.ConnectionId;
import com.securevox.call.ring.RingNotice;
import com.securevox.call.ring.RingOutbox;

/** Ringing's notices as Socket.IO events: one event per notice, queued on the device connection. */
public final class WireRingOutbox implements RingOutbox {
    private final Connections connections;

    public WireRingOutbox(Connections connections) {
        this.connections = connections;
    }

    @Override
    public void deliver(ConnectionId to, RingNotice notice) {
        switch (notice) {
            case RingNotice.IncomingCall call ->
                connections.emit(
                        to,
                        "incoming_call",
                        new RingWire.IncomingCall(
                                call.sessionId(),
                                call.ringId().toString(),
                                new RingWire.From(call.fromUserId(), call.metadataJson()),
                                call.media().wireName(),
                                call.invitees(),
                                call.expiresAt().toEpochMilli()));
            case RingNotice.InviteStateChanged state ->
                connections.emit(
                        to,
                        "invite_state",
                        new RingWire.InviteState(
                                state.sessionId(), state.userId(), state.state().wireName()));
            case RingNotice.IncomingCallEnded ended ->
                connections.emit(
                        to,
                        "incoming_call_ended",
                        new RingWire.IncomingCallEnded(
                                ended.sessionId(), ended.reason().wireName()));
        }
    }
}
