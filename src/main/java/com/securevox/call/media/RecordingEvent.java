package com.securevox.call.media;

import java.time.Instant;
import java.util.Objects;

/**
 * What happens to a call's recording on the SFU side, in the order it happens; {@code take} is the recording's id.
 * Whoever makes files of it learns here which raw files belong to it and whether anything was lost.
 */
public sealed interface RecordingEvent {
    String take();

    /** The call is recorded from now on. */
    record Started(String take, String sessionId, String by, Instant at) implements RecordingEvent {
        public Started {
            Objects.requireNonNull(take, "take");
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A participant's media is recorded into raw files whose names start with {@code fileBase} (one per stream), in
     * the SFU's recordings folder; a participant that leaves and comes back, or republishes after the SFU restarted,
     * has several.
     */
    record Segment(String take, String userId, String fileBase, Instant at) implements RecordingEvent {
        public Segment {
            Objects.requireNonNull(take, "take");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(fileBase, "fileBase");
            Objects.requireNonNull(at, "at");
        }
    }

    /** Part of the call was not recorded; {@code what} says which (the recording goes on, marked partial). */
    record Lost(String take, String what, Instant at) implements RecordingEvent {
        public Lost {
            Objects.requireNonNull(take, "take");
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * The recording ended (stopped, or its call ended or left the SFU); the SFU has been asked to close every file,
     * and does so within moments.
     */
    record Stopped(String take, Instant at) implements RecordingEvent {
        public Stopped {
            Objects.requireNonNull(take, "take");
            Objects.requireNonNull(at, "at");
        }
    }
}
