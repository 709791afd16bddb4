package com.securevox.call.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One participant session: from joining (or taking over from another socket) to leaving. */
public record ParticipantRecord(
        String userId,
        String role,
        Instant joinedAt,
        Optional<Instant> leftAt,
        Optional<String> leaveReason,
        String transport,
        String userAgent) {

    public ParticipantRecord {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(joinedAt, "joinedAt");
        Objects.requireNonNull(leftAt, "leftAt");
        Objects.requireNonNull(leaveReason, "leaveReason");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(userAgent, "userAgent");
    }
}
