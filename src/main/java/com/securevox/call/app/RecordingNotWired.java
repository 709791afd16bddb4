package com.securevox.call.app;

import com.securevox.call.httpapi.RecordingActionException;
import com.securevox.call.httpapi.RecordingActions;
import com.securevox.call.recording.RecordingId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The recording actions until the SFU side that starts and stops recordings is wired in: every request is answered
 * 503 {@code SFU_UNAVAILABLE}. To be replaced by that implementation in {@link App}, then deleted.
 */
final class RecordingNotWired implements RecordingActions {
    private static final String NOT_WIRED = "recording is not wired yet";

    @Override
    public CompletionStage<RecordingId> start(String sessionId) {
        return CompletableFuture.failedFuture(
                new RecordingActionException(RecordingActionException.Code.SFU_UNAVAILABLE, NOT_WIRED));
    }

    @Override
    public CompletionStage<RecordingId> stop(String sessionId) {
        return CompletableFuture.failedFuture(
                new RecordingActionException(RecordingActionException.Code.SFU_UNAVAILABLE, NOT_WIRED));
    }
}
