package com.securevox.call.call;

import java.util.List;
import java.util.Objects;

/** The result of a successful join: what the ack carries, plus how the join related to the call's state. */
public record Joined(String sessionId, Participant self, List<Participant> others, JoinKind kind) {
    public Joined {
        Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
        Objects.requireNonNull(self, "self: null (expected: the joiner's participant)");
        others = List.copyOf(others);
        Objects.requireNonNull(kind, "kind: null (expected: a JoinKind)");
    }
}
