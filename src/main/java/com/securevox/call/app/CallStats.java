package com.securevox.call.app;

import com.securevox.call.call.CallSnapshot;
import com.securevox.call.httpapi.StatsSource;
import com.securevox.call.media.MediaMode;
import com.securevox.call.media.SfuCalls;
import com.securevox.call.signaling.SignalingService;
import java.util.List;

/** The API's live numbers, from the signaling side (calls, sockets, users) and the media side (mesh or SFU). */
final class CallStats implements StatsSource {
    private final SignalingService signaling;
    private final SfuCalls media;

    CallStats(SignalingService signaling, SfuCalls media) {
        this.signaling = signaling;
        this.media = media;
    }

    @Override
    public List<CallSnapshot> activeCalls() {
        return signaling.activeCalls();
    }

    @Override
    public int activeCallCount() {
        return signaling.activeCallCount();
    }

    @Override
    public int connectedUsers() {
        return signaling.connectedUsers();
    }

    @Override
    public int connections() {
        return signaling.connectionCount();
    }

    @Override
    public String mediaOf(String sessionId) {
        return media.mode(sessionId).orElse(MediaMode.MESH).wireName();
    }
}
