package com.securevox.call.httpapi;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.call.Ids;

/**
 * Whatever another node answers to {@code /api/call/stats} either reads as numbers this node would have written, or
 * is refused with a {@link PeerException} that says why: never another exception, which would fail the whole request.
 */
class PeerStatsFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest(maxDuration = "2m")
    void readsOrRefuses(byte[] body) {
        try {
            PeerStats stats = PeerStats.decode(JSON, body);
            if (stats.connectedUsers() < 0) {
                throw new AssertionError("accepted a negative user count: " + stats);
            }
            for (ApiBodies.Stats.ActiveCall call : stats.calls()) {
                if (!Ids.isValid(call.sessionId())
                        || call.participantCount() != call.participants().size()
                        || !call.participants().stream().allMatch(Ids::isValid)
                        || call.startedAt() < 0
                        || call.durationSeconds() < 0
                        || !(call.media().equals("mesh") || call.media().equals("sfu"))) {
                    throw new AssertionError("accepted an invalid call: " + call);
                }
            }
        } catch (PeerException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a refusal without a reason", e);
            }
        }
    }
}
