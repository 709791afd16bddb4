package com.securevox.call.signaling;

import com.securevox.call.call.CallEvent;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.Outbox;

/** Turns call events into the contract's server events. Runs under a call's lock: it only queues. */
public final class WireOutbox implements Outbox {
    private final Connections connections;
    private final IceServers iceServers;

    public WireOutbox(Connections connections, IceServers iceServers) {
        this.connections = connections;
        this.iceServers = iceServers;
    }

    @Override
    public void deliver(ConnectionId to, CallEvent event) {
        switch (event) {
            case CallEvent.Joined e ->
                connections.emit(
                        to,
                        "call_joined",
                        new Wire.CallJoined(
                                e.sessionId(),
                                Wire.WireParticipant.of(e.self()),
                                Wire.WireParticipant.of(e.others()),
                                iceServers.forJoined(to),
                                e.e2ee()));
            case CallEvent.ParticipantJoined e ->
                connections.emit(
                        to,
                        "participant_joined",
                        new Wire.ParticipantJoined(e.sessionId(), Wire.WireParticipant.of(e.participant())));
            case CallEvent.ParticipantLeft e ->
                connections.emit(
                        to,
                        "participant_left",
                        new Wire.ParticipantLeft(
                                e.sessionId(), e.userId(), e.reason().wireName()));
            case CallEvent.ParticipantUpdated e ->
                connections.emit(
                        to,
                        "participant_updated",
                        new Wire.ParticipantUpdated(e.sessionId(), Wire.WireParticipant.of(e.participant())));
            case CallEvent.Relayed e -> relay(to, e, () -> {});
            case CallEvent.MuteRequested e ->
                connections.emit(
                        to,
                        "mute_request",
                        new Wire.MuteRequest(
                                e.sessionId(), e.kind().name().toLowerCase(java.util.Locale.ROOT), e.by()));
            case CallEvent.Removed e -> connections.emit(to, "removed", new Wire.Removed(e.sessionId(), e.by()));
            case CallEvent.Ended e ->
                connections.emit(
                        to,
                        "call_ended",
                        new Wire.CallEnded(e.sessionId(), e.by(), e.reason().wireName()));
        }
    }

    @Override
    public void deliver(ConnectionId to, CallEvent.Relayed relayed, Runnable undelivered) {
        relay(to, relayed, undelivered);
    }

    private void relay(ConnectionId to, CallEvent.Relayed e, Runnable undelivered) {
        if (!(e.signal() instanceof RelayedSignal signal)) {
            throw new IllegalStateException(
                    "not a signal of this layer: " + e.signal().getClass());
        }
        switch (signal) {
            case SdpSignal sdp ->
                connections.emit(
                        to,
                        sdp.kind() == SdpSignal.Kind.OFFER ? "offer" : "answer",
                        new Wire.SdpRelay(
                                e.sessionId(),
                                e.fromUserId(),
                                sdp.description(),
                                sdp.streams().orElse(null)),
                        undelivered);
            case IceSignal ice ->
                connections.emit(
                        to,
                        "ice_candidate",
                        new Wire.IceRelay(
                                e.sessionId(), e.fromUserId(), ice.candidate().orElse(null)),
                        undelivered);
            case DataSignal data ->
                connections.emit(
                        to,
                        "data",
                        new Wire.Data(
                                e.sessionId(), e.fromUserId(), data.topic().orElse(null), data.payload()),
                        undelivered);
            case ReturnedSignal returned -> connections.emit(to, returned.event(), returned.data(), undelivered);
        }
    }
}
