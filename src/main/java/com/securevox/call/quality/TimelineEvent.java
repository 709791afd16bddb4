package com.securevox.call.quality;

import java.time.Instant;
import java.util.Objects;

/**
 * One event of a call's time axis, as stored.
 *
 * @param sequence orders events of the same millisecond, in the order the call's facts came
 * @param reason the leave reason's wire name for {@link TimelineKind#LEFT}; null for the other kinds
 */
public record TimelineEvent(
        String sessionId, String userId, Instant at, long sequence, TimelineKind kind, String reason) {
    public TimelineEvent {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        if ((kind == TimelineKind.LEFT) != (reason != null)) {
            throw new IllegalArgumentException(
                    "reason: " + reason + " for " + kind.wireName() + " (expected: a reason for left only)");
        }
    }
}
