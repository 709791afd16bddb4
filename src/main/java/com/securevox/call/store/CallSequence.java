package com.securevox.call.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a call's webhook numbering stands in the outbox.
 *
 * @param callStartedAt when the call started, as its events name it
 * @param last the highest sequence number its events took
 */
public record CallSequence(Instant callStartedAt, long last) {
    public CallSequence {
        Objects.requireNonNull(callStartedAt, "callStartedAt: null (expected: when the call started)");
        if (last < 0) {
            throw new IllegalArgumentException("last: " + last + " (expected: >= 0)");
        }
    }
}
