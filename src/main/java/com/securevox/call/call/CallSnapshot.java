package com.securevox.call.call;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One call as the stats endpoint shows it.
 *
 * @param participants user ids in join order, including those in reconnect grace
 */
public record CallSnapshot(String sessionId, List<String> participants, Instant startedAt) {
    public CallSnapshot {
        Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
        participants = List.copyOf(participants);
        Objects.requireNonNull(startedAt, "startedAt: null (expected: an Instant)");
    }
}
