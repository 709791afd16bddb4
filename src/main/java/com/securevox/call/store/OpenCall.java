package com.securevox.call.store;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A call's history row that is still open (no end written), with its participant rows still open, in join order, and
 * how many participant rows (open or closed) each user has in it: what a node that takes the call over continues
 * ({@link HistoryStore#openCall}).
 */
public record OpenCall(String callId, List<Session> participants, Map<String, Integer> rows) {
    public OpenCall {
        Objects.requireNonNull(callId, "callId");
        participants = List.copyOf(participants);
        rows = Map.copyOf(rows);
    }

    /** One open participant row. */
    public record Session(String participantId, String userId) {
        public Session {
            Objects.requireNonNull(participantId, "participantId");
            Objects.requireNonNull(userId, "userId");
        }
    }
}
