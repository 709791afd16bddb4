package com.securevox.call.httpapi;

import com.securevox.call.recording.RecordingId;
import java.util.concurrent.CompletionStage;

/**
 * Starting and stopping a call's recording, as the API asks for it. A stage fails with a {@link
 * RecordingActionException} saying why it could not; any other failure is answered as an internal error.
 */
public interface RecordingActions {

    /** Starts recording the call in progress under {@code sessionId}: the new recording's id. */
    CompletionStage<RecordingId> start(String sessionId);

    /** Stops the call's recording: the id of the recording that was stopped (it is then processed). */
    CompletionStage<RecordingId> stop(String sessionId);
}
