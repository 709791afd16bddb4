package com.securevox.call.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One recorded call with its participant sessions in join order. {@code endedAt}, {@code durationSeconds} and
 * {@code endReason} are empty while the call goes on (or if the server died before it ended).
 */
public record CallRecord(
        String id,
        String sessionId,
        Instant startedAt,
        Optional<Instant> endedAt,
        Optional<Long> durationSeconds,
        int peakParticipants,
        Optional<String> endReason,
        List<ParticipantRecord> participants) {

    public CallRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(durationSeconds, "durationSeconds");
        Objects.requireNonNull(endReason, "endReason");
        participants = List.copyOf(participants);
    }

    CallRecord withParticipants(List<ParticipantRecord> all) {
        return new CallRecord(id, sessionId, startedAt, endedAt, durationSeconds, peakParticipants, endReason, all);
    }
}
