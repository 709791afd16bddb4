package com.securevox.call.app;

import com.securevox.call.media.FeedStream;
import com.securevox.call.media.IceCandidate;
import com.securevox.call.media.MediaParticipant;
import com.securevox.call.media.NoSfu;
import com.securevox.call.media.PeerLink;
import com.securevox.call.media.RoomId;
import com.securevox.call.media.RoomSpec;
import com.securevox.call.media.SessionDescription;
import com.securevox.call.media.SfuGateway;
import com.securevox.call.media.SfuStatus;
import com.securevox.call.media.SimulcastLayer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The gateway the call logic holds from construction on. A managed Janus's address and secrets exist only once it
 * has started, so the Janus gateway is {@link #fill filled} in at start; until then (and with no SFU) it is {@link
 * NoSfu}: down, so every call stays a mesh.
 */
final class GatewaySlot implements SfuGateway {
    private volatile SfuGateway current = new NoSfu();

    void fill(SfuGateway gateway) {
        current = Objects.requireNonNull(gateway, "gateway");
    }

    @Override
    public CompletionStage<Void> openRoom(RoomSpec spec) {
        return current.openRoom(spec);
    }

    @Override
    public CompletionStage<Void> closeRoom(RoomId room) {
        return current.closeRoom(room);
    }

    @Override
    public CompletionStage<SessionDescription> publish(MediaParticipant who, SessionDescription offer) {
        return current.publish(who, offer);
    }

    @Override
    public CompletionStage<Void> subscribe(MediaParticipant who, List<FeedStream> feeds) {
        return current.subscribe(who, feeds);
    }

    @Override
    public CompletionStage<Void> unsubscribe(MediaParticipant who, List<FeedStream> feeds) {
        return current.unsubscribe(who, feeds);
    }

    @Override
    public CompletionStage<Void> answerSubscription(MediaParticipant who, SessionDescription answer) {
        return current.answerSubscription(who, answer);
    }

    @Override
    public CompletionStage<Void> trickle(MediaParticipant who, PeerLink link, IceCandidate candidate) {
        return current.trickle(who, link, candidate);
    }

    @Override
    public CompletionStage<Void> setLayer(MediaParticipant who, String mid, SimulcastLayer layer) {
        return current.setLayer(who, mid, layer);
    }

    @Override
    public CompletionStage<Void> setVideo(MediaParticipant who, String mid, boolean on) {
        return current.setVideo(who, mid, on);
    }

    @Override
    public CompletionStage<Void> moderate(MediaParticipant who, List<String> mids, boolean muted) {
        return current.moderate(who, mids, muted);
    }

    @Override
    public CompletionStage<Void> record(MediaParticipant who, String fileBase) {
        return current.record(who, fileBase);
    }

    @Override
    public CompletionStage<Void> stopRecording(MediaParticipant who) {
        return current.stopRecording(who);
    }

    @Override
    public CompletionStage<Void> leave(MediaParticipant who) {
        return current.leave(who);
    }

    @Override
    public SfuStatus status() {
        return current.status();
    }

    @Override
    public int rooms() {
        return current.rooms();
    }
}
