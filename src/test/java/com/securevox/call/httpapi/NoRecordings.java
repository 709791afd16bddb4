package com.securevox.call.httpapi;

import com.securevox.call.recording.RecordingCatalog;
import com.securevox.call.recording.RecordingFile;
import com.securevox.call.recording.RecordingId;
import com.securevox.call.recording.RecordingInfo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A server with no recordings and no SFU to make any, for tests of the HTTP layer that are not about them. */
public final class NoRecordings implements RecordingCatalog {

    /** No recordings; every start or stop answered 503 SFU_UNAVAILABLE. */
    public static HttpApi.Recordings recordings() {
        return new HttpApi.Recordings(new NoRecordings(), Path.of("no-recordings"), new RecordingActions() {
            @Override
            public CompletionStage<RecordingId> start(String sessionId) {
                return unavailable();
            }

            @Override
            public CompletionStage<RecordingId> stop(String sessionId) {
                return unavailable();
            }
        });
    }

    private static CompletionStage<RecordingId> unavailable() {
        return CompletableFuture.failedFuture(
                new RecordingActionException(RecordingActionException.Code.SFU_UNAVAILABLE, "no SFU in this test"));
    }

    @Override
    public void started(RecordingId id, String sessionId, String startedBy, Instant at) {}

    @Override
    public void processing(RecordingId id, Instant endedAt) {}

    @Override
    public void ready(RecordingId id, List<RecordingFile> files, boolean partial, String lost) {}

    @Override
    public void failed(RecordingId id, String reason) {}

    @Override
    public Optional<RecordingInfo> find(RecordingId id) {
        return Optional.empty();
    }

    @Override
    public List<RecordingInfo> list(Optional<String> sessionId, int limit) {
        return List.of();
    }

    @Override
    public List<RecordingId> endedBefore(Instant cutoff, int limit) {
        return List.of();
    }

    @Override
    public List<RecordingInfo> unfinished() {
        return List.of();
    }

    @Override
    public void markDeleting(RecordingId id) {}

    @Override
    public List<RecordingId> deleting() {
        return List.of();
    }

    @Override
    public void delete(RecordingId id) {}
}
