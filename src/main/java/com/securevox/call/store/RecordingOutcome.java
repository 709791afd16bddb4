package com.securevox.call.store;

import com.securevox.call.recording.RecordingInfo;
import com.securevox.call.recording.RecordingStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * How a recording ended, to be written in one transaction with the webhook event that announces it.
 *
 * @param recording the recording as it is once written: {@link RecordingStatus#READY} with its files or {@link
 *     RecordingStatus#FAILED}, with its end time
 * @param at when the outcome was known: the event's {@code createdAt}
 */
public record RecordingOutcome(RecordingInfo recording, Instant at) {
    public RecordingOutcome {
        Objects.requireNonNull(recording, "recording: null (expected: the recording once settled)");
        Objects.requireNonNull(at, "at: null (expected: when the outcome was known)");
        if (recording.status() != RecordingStatus.READY && recording.status() != RecordingStatus.FAILED) {
            throw new IllegalArgumentException(
                    "recording status: " + recording.status().wireName() + " (expected: ready or failed)");
        }
        if (recording.endedAt() == null) {
            throw new IllegalArgumentException("recording endedAt: null (expected: when it ended)");
        }
    }

    /** The webhook event type: {@code recording.ready} or {@code recording.failed}. */
    public String eventType() {
        return "recording." + recording.status().wireName();
    }
}
