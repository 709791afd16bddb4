package com.securevox.call.recording;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the SFU recorded for one recording: the raw files of each presence, in the order they began, and what was
 * lost on the way.
 */
public record RawTake(
        RecordingId id,
        String sessionId,
        Instant startedAt,
        Instant endedAt,
        List<Segment> segments,
        List<String> lost) {
    public RawTake {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        segments = List.copyOf(segments);
        lost = List.copyOf(lost);
    }

    /** One presence's raw files: every file of the SFU's folder whose name starts with {@code fileBase-}. */
    public record Segment(String userId, String fileBase, Instant at) {
        public Segment {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(fileBase, "fileBase");
            Objects.requireNonNull(at, "at");
        }
    }
}
