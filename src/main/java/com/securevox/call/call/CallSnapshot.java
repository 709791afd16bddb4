package com.securevox.call.call;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One call as the stats endpoint shows it.
 *
 * @param participants user ids in join order, including those in reconnect grace
 * @param e2ee its media is encrypted end to end
 */
public record CallSnapshot(String sessionId, List<String> participants, Instant startedAt, boolean e2ee) {
    public CallSnapshot {
        Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
        participants = List.copyOf(participants);
        Objects.requireNonNull(startedAt, "startedAt: null (expected: an Instant)");
    }

    /** A call that is not encrypted end to end. */
    public CallSnapshot(String sessionId, List<String> participants, Instant startedAt) {
        this(sessionId, participants, startedAt, false);
    }
}
