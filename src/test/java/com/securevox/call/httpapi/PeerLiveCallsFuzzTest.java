package com.securevox.call.httpapi;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.call.Ids;
import java.util.HashSet;
import java.util.Set;

/**
 * Whatever another node answers to {@code GET /admin/api/calls} either reads as live calls this node would have
 * written, or is refused with a {@link PeerException} that says why: never another exception, which would fail the
 * whole list of every node's calls.
 */
class PeerLiveCallsFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> GRADES = Set.of("excellent", "good", "fair", "poor", "bad");

    @FuzzTest(maxDuration = "2m")
    void readsOrRefuses(byte[] body) {
        try {
            PeerLiveCalls live = PeerLiveCalls.decode(JSON, body);
            if (live.connectedUsers() < 0) {
                throw new AssertionError("accepted a negative user count: " + live);
            }
            for (LiveCalls.Call call : live.calls()) {
                Set<String> participants = new HashSet<>(call.participants());
                if (!Ids.isValid(call.sessionId())
                        || participants.size() != call.participants().size()
                        || !participants.stream().allMatch(Ids::isValid)
                        || call.startedAt() < 0
                        || !(call.media().equals("mesh") || call.media().equals("sfu"))
                        || (call.grade() != null && !GRADES.contains(call.grade()))
                        || !participants.containsAll(call.grades().keySet())
                        || !GRADES.containsAll(call.grades().values())
                        || !participants.containsAll(call.audioMuted())
                        || !participants.containsAll(call.videoMuted())
                        || call.node() != null) {
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
