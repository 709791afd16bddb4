package com.securevox.call.store;

import com.securevox.call.call.CallFact;
import com.securevox.call.call.LeaveReason;
import com.securevox.call.call.Participant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The participant rows of a call taken over from another node, continued so that its participants' leaves and its end
 * close them. First they catch up with the webhook outbox: the dead node wrote its history rows and its webhook
 * events apart, each a moment after the fact, so a user the outbox tells of more joins than the history has rows, or
 * of the leave of its open row, has its missing rows written as the outbox tells them (closed with the outbox's
 * reason, or left open after its last join). Then they agree with the resumed state: rows of users no longer in the
 * call are closed as {@code disconnected} (their close was lost with that node), and a participant without an open row
 * gets one. The webhook recorder tells the outbox's side of the same state ({@code WebhookEvents.resume}), so both say
 * the same joins and leaves.
 */
final class ResumedRows {
    private ResumedRows() {}

    /**
     * Adds the writes that continue the rows to {@code writes}; returns the open row of each participant in the call,
     * by user id.
     */
    static Map<String, String> continued(
            CallFact.CallResumed f,
            String callId,
            Optional<OpenCall> open,
            OutboxParticipation told,
            List<HistoryWrite> writes) {
        List<OpenCall.Session> sessions = caughtUp(
                callId,
                open.map(OpenCall::participants).orElse(List.of()),
                open.map(OpenCall::rows).orElse(Map.of()),
                told,
                writes);
        Set<String> inCall = new HashSet<>();
        f.participants().forEach(p -> inCall.add(p.userId()));
        Map<String, String> rows = new HashMap<>();
        String lost = LeaveReason.DISCONNECTED.wireName();
        for (OpenCall.Session session : sessions) {
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

    /**
     * The open rows once the rows the outbox tells of and the history lacks are written: for a user with {@code k}
     * rows whose outbox has {@code m >= k} joins, its open row is closed by the outbox's {@code k}-th leave if there is
     * one, and joins {@code k+1..m} get rows, each closed by its leave or left open. A history ahead of the outbox is
     * left as it is (the webhook recorder tells only the resumed state's side of it).
     */
    private static List<OpenCall.Session> caughtUp(
            String callId,
            List<OpenCall.Session> open,
            Map<String, Integer> rowsPerUser,
            OutboxParticipation told,
            List<HistoryWrite> writes) {
        List<OpenCall.Session> sessions = new ArrayList<>(open);
        told.byUser().forEach((userId, joins) -> {
            int rows = rowsPerUser.getOrDefault(userId, 0);
            int m = joins.joins().size();
            if (m < rows) {
                return;
            }
            List<OutboxParticipation.Leave> leaves = joins.leaves();
            if (rows > 0 && leaves.size() >= rows) {
                lastOpen(sessions, userId).ifPresent(row -> {
                    sessions.remove(row);
                    OutboxParticipation.Leave leave = leaves.get(rows - 1);
                    writes.add(new HistoryWrite.ParticipantClosed(row.participantId(), leave.at(), leave.reason()));
                });
            }
            for (int i = rows; i < m; i++) {
                OutboxParticipation.Join join = joins.joins().get(i);
                String participantId = UUID.randomUUID().toString();
                writes.add(new HistoryWrite.ParticipantOpened(
                        participantId,
                        callId,
                        userId,
                        join.role(),
                        join.at(),
                        HistoryRecorder.UNKNOWN_TRANSPORT,
                        "",
                        join.participants()));
                if (i < leaves.size()) {
                    writes.add(new HistoryWrite.ParticipantClosed(
                            participantId, leaves.get(i).at(), leaves.get(i).reason()));
                } else {
                    sessions.add(new OpenCall.Session(participantId, userId));
                }
            }
        });
        return sessions;
    }

    private static Optional<OpenCall.Session> lastOpen(List<OpenCall.Session> sessions, String userId) {
        return sessions.reversed().stream()
                .filter(s -> s.userId().equals(userId))
                .findFirst();
    }
}
