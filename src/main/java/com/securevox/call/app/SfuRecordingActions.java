package com.securevox.call.app;

import com.securevox.call.httpapi.RecordingActionException;
import com.securevox.call.httpapi.RecordingActions;
import com.securevox.call.media.MediaException;
import com.securevox.call.media.SfuCalls;
import com.securevox.call.recording.RecordingId;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** The backend's recording requests ({@code by} is {@code api}), carried out by the SFU side of the calls. */
final class SfuRecordingActions implements RecordingActions {
    private final SfuCalls media;

    SfuRecordingActions(SfuCalls media) {
        this.media = media;
    }

    @Override
    public CompletionStage<RecordingId> start(String sessionId) {
        return media.startRecording(sessionId, "api").handle(SfuRecordingActions::result);
    }

    @Override
    public CompletionStage<RecordingId> stop(String sessionId) {
        return media.stopRecording(sessionId).handle(SfuRecordingActions::result);
    }

    private static RecordingId result(String id, Throwable failure) {
        if (failure == null) {
            return new RecordingId(id);
        }
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof MediaException e) {
            RecordingActionException.Code code =
                    switch (e.error()) {
                        case NOT_FOUND -> RecordingActionException.Code.NOT_FOUND;
                        case CONFLICT -> RecordingActionException.Code.CONFLICT;
                        case E2EE_CALL -> RecordingActionException.Code.E2EE_CALL;
                        case INSUFFICIENT_STORAGE -> RecordingActionException.Code.INSUFFICIENT_STORAGE;
                        case UNAVAILABLE, TIMEOUT, PROTOCOL, REFUSED -> RecordingActionException.Code.SFU_UNAVAILABLE;
                    };
            throw new RecordingActionException(code, e.getMessage());
        }
        throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
    }
}
