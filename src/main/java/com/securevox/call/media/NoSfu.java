package com.securevox.call.media;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The gateway when the server runs without an SFU ({@code SECUREVOX_CALL_SFU=off}): always {@link SfuStatus#DOWN},
 * so {@link MediaPolicy} keeps every call a mesh, and any operation fails with {@link MediaError#UNAVAILABLE}.
 */
public final class NoSfu implements SfuGateway {

    @Override
    public CompletionStage<Void> openRoom(RoomSpec spec) {
        return off();
    }

    @Override
    public CompletionStage<Void> closeRoom(RoomId room) {
        return off();
    }

    @Override
    public CompletionStage<SessionDescription> publish(MediaParticipant who, SessionDescription offer) {
        return off();
    }

    @Override
    public CompletionStage<Void> subscribe(MediaParticipant who, List<FeedStream> feeds) {
        return off();
    }

    @Override
    public CompletionStage<Void> unsubscribe(MediaParticipant who, List<FeedStream> feeds) {
        return off();
    }

    @Override
    public CompletionStage<Void> answerSubscription(MediaParticipant who, SessionDescription answer) {
        return off();
    }

    @Override
    public CompletionStage<Void> trickle(MediaParticipant who, PeerLink link, IceCandidate candidate) {
        return off();
    }

    @Override
    public CompletionStage<Void> setLayer(MediaParticipant who, String mid, SimulcastLayer layer) {
        return off();
    }

    @Override
    public CompletionStage<Void> setVideo(MediaParticipant who, String mid, boolean on) {
        return off();
    }

    @Override
    public CompletionStage<Void> moderate(MediaParticipant who, List<String> mids, boolean muted) {
        return off();
    }

    @Override
    public CompletionStage<Void> record(MediaParticipant who, String fileBase) {
        return off();
    }

    @Override
    public CompletionStage<Void> stopRecording(MediaParticipant who) {
        return off();
    }

    @Override
    public CompletionStage<Void> leave(MediaParticipant who) {
        return off();
    }

    @Override
    public SfuStatus status() {
        return SfuStatus.DOWN;
    }

    @Override
    public int rooms() {
        return 0;
    }

    private static <T> CompletionStage<T> off() {
        return CompletableFuture.failedFuture(
                new MediaException(MediaError.UNAVAILABLE, "no SFU: the server runs with SECUREVOX_CALL_SFU=off"));
    }
}
