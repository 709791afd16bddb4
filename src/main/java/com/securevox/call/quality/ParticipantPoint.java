package com.securevox.call.quality;

import java.util.Objects;

/** A point of one participant's timeline in one call, as stored. */
public record ParticipantPoint(String sessionId, String userId, QualityPoint point) {
    public ParticipantPoint {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(point, "point");
    }
}
