package com.securevox.call.store;

import com.securevox.call.call.CallFact;
import com.securevox.call.call.LeaveReason;
import com.securevox.call.call.Participant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The participant rows of a call taken over from another node, continued so that its participants' leaves and its end
 * close them: rows of users no longer in the call are closed as {@code disconnected} (their close was lost with that
 * node), and a participant without an open row gets one.
 */
final class ResumedRows {
    private ResumedRows() {}

    /**
     * Adds the writes that continue the rows to {@code writes}; returns the open row of each participant in the call,
     * by user id.
     */
    static Map<String, String> continued(
            CallFact.CallResumed f, String callId, Optional<OpenCall> open, List<HistoryWrite> writes) {
        Set<String> inCall = new HashSet<>();
        f.participants().forEach(p -> inCall.add(p.userId()));
        Map<String, String> rows = new HashMap<>();
        String lost = LeaveReason.DISCONNECTED.wireName();
        for (OpenCall.Session session : open.map(OpenCall::participants).orElse(List.of())) {
            // In join order: of two open rows of one user, the older one's close (a replace) was lost.
            String older =
                    inCall.contains(session.userId()) ? rows.put(session.userId(), session.participantId()) : null;
            if (!inCall.contains(session.userId())) {
                writes.add(new HistoryWrite.ParticipantClosed(session.participantId(), f.at(), lost));
            } else if (older != null) {
                writes.add(new HistoryWrite.ParticipantClosed(older, f.at(), lost));
            }
        }
        int count = 0;
        for (Participant participant : f.participants()) {
            count++;
            if (!rows.containsKey(participant.userId())) {
                String participantId = UUID.randomUUID().toString();
                rows.put(participant.userId(), participantId);
                writes.add(new HistoryWrite.ParticipantOpened(
                        participantId,
                        callId,
                        participant.userId(),
                        participant.role().wireName(),
                        participant.joinedAt(),
                        HistoryRecorder.UNKNOWN_TRANSPORT,
                        "",
                        count));
            }
        }
        return rows;
    }
}
