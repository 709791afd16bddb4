package com.securevox.call.signaling;

import com.securevox.call.call.ConnectionId;
import com.securevox.call.media.MediaMode;
import com.securevox.call.media.MediaSignals;
import com.securevox.call.media.RemoteStream;
import com.securevox.call.media.SessionDescription;
import java.util.List;

/** The SFU side's messages to clients, as the events of docs/protocol.md. */
public final class WireMediaSignals implements MediaSignals {
    private final Connections connections;

    public WireMediaSignals(Connections connections) {
        this.connections = connections;
    }

    @Override
    public void mediaMode(ConnectionId to, String sessionId, MediaMode mode) {
        connections.emit(to, "media_mode", new Wire.MediaMode(sessionId, mode.wireName()));
    }

    @Override
    public void subscriberOffer(
            ConnectionId to, String sessionId, SessionDescription offer, List<RemoteStream> streams) {
        List<Wire.SfuStream> wire = streams.stream()
                .map(s -> new Wire.SfuStream(s.mid(), s.userId(), s.kind(), s.source()))
                .toList();
        connections.emit(
                to, "sfu_offer", new Wire.SfuOffer(sessionId, new Wire.Description("offer", offer.sdp()), wire));
    }

    @Override
    public void activeSpeakers(ConnectionId to, String sessionId, List<String> userIds) {
        connections.emit(to, "active_speakers", new Wire.ActiveSpeakers(sessionId, userIds));
    }

    @Override
    public void recordingState(ConnectionId to, String sessionId, boolean recording, String by, String recordingId) {
        connections.emit(to, "recording_state", new Wire.RecordingState(sessionId, recording, by, recordingId));
    }

    @Override
    public void reset(ConnectionId to, String sessionId, String reason) {
        connections.emit(to, "sfu_reset", new Wire.SfuReset(sessionId, reason));
    }
}
