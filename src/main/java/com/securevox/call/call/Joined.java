package com.securevox.call.call;

import java.util.List;
import java.util.Objects;

/**
 * The result of a successful join: what the ack carries, plus how the join related to the call's state and whether
 * the call is encrypted end to end.
 */
public record Joined(String sessionId, Participant self, List<Participant> others, JoinKind kind, boolean e2ee) {
    public Joined {
        Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
        Objects.requireNonNull(self, "self: null (expected: the joiner's participant)");
        others = List.copyOf(others);
        Objects.requireNonNull(kind, "kind: null (expected: a JoinKind)");
    }

    /** Joined to a call that is not encrypted end to end. */
    public Joined(String sessionId, Participant self, List<Participant> others, JoinKind kind) {
        this(sessionId, self, others, kind, false);
    }
}
