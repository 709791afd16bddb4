package com.securevox.call.store;

import com.securevox.call.call.CallFact;
import com.securevox.call.media.MediaMode;
import com.securevox.call.ring.RingFact;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the {@link HistoryRecorder} queued into the rows to write ({@link HistoryWrite}), minting row ids, and
 * keeps which history rows are open for which call and participant. The recorder's writer thread is its only user, so
 * it needs no locking; reading what the database holds of a call taken over (with the recorder's retries) is the
 * recorder's {@link Reader}.
 */
final class HistoryRows {
    private static final Logger log = LoggerFactory.getLogger(HistoryRows.class);

    /** What the database holds of a call taken over: its open rows, and the joins and leaves its webhooks told. */
    record Resumption(Optional<OpenCall> open, OutboxParticipation told) {}

    /** Reads what the database holds of a call taken over; empty if it could not be read in time. Blocks. */
    @FunctionalInterface
    interface Reader {
        Optional<Resumption> read(CallFact.CallResumed resumed);
    }

    /** The writes of a batch, and how many of its entries could not be placed (their call or session is not open). */
    record Translated(List<HistoryWrite> writes, int orphans) {}

    private final Reader reader;
    private final Map<String, String> openCalls = new HashMap<>();
    /** callId → userId → participant row: a call's rows go with it in one step, not by a scan of every call's. */
    private final Map<String, Map<String, String>> openParticipants = new HashMap<>();

    HistoryRows(Reader reader) {
        this.reader = reader;
    }

    /** How many calls' and participants' rows are open now. */
    int openCount() {
        return openCalls.size() + openParticipants.size();
    }

    /**
     * Turns what was recorded into writes, minting row ids; a fact about a call or session whose start was dropped is
     * not placed (the recorder counts it as dropped).
     */
    Translated translate(List<HistoryRecorder.Recorded> recorded) {
        List<HistoryWrite> writes = new ArrayList<>(recorded.size());
        int orphans = 0;
        for (HistoryRecorder.Recorded entry : recorded) {
            boolean placed =
                    switch (entry) {
                        case HistoryRecorder.Recorded.Fact f -> translate(f.fact(), writes);
                        case HistoryRecorder.Recorded.MediaChanged m -> translate(m, writes);
                        case HistoryRecorder.Recorded.Ring r -> translate(r.fact(), writes);
                        case HistoryRecorder.Recorded.Moved m -> forget(m.sessionId());
                        case HistoryRecorder.Recorded.Barrier b -> true;
                    };
            if (!placed) {
                orphans++;
            }
        }
        return new Translated(writes, orphans);
    }

    /** Whether the fact could be placed: false if its call or participant session is not open here. */
    private boolean translate(CallFact fact, List<HistoryWrite> writes) {
        switch (fact) {
            case CallFact.CallStarted f -> {
                String callId = UUID.randomUUID().toString();
                openCalls.put(f.sessionId(), callId);
                writes.add(new HistoryWrite.CallOpened(callId, f.sessionId(), f.at(), f.e2ee()));
            }
            case CallFact.CallResumed f -> {
                Optional<Resumption> read = reader.read(f);
                if (read.isEmpty()) {
                    return false;
                }
                resume(f, read.get(), writes);
            }
            case CallFact.ParticipantJoined f -> {
                String callId = openCalls.get(f.sessionId());
                if (callId == null) {
                    return false;
                }
                String participantId = UUID.randomUUID().toString();
                openParticipants
                        .computeIfAbsent(callId, k -> new HashMap<>())
                        .put(f.participant().userId(), participantId);
                writes.add(new HistoryWrite.ParticipantOpened(
                        participantId,
                        callId,
                        f.participant().userId(),
                        f.participant().role().wireName(),
                        f.at(),
                        f.client().transport(),
                        f.client().userAgent(),
                        f.participants()));
            }
            case CallFact.ParticipantUpdated f -> {
                // The history keeps who took part and when, not their mute state.
            }
            case CallFact.ParticipantAway f -> {
                // Never queued (see record): a session goes on through a reconnect.
            }
            case CallFact.ParticipantBack f -> {
                // Never queued (see record).
            }
            case CallFact.ParticipantLeft f -> {
                String callId = openCalls.get(f.sessionId());
                Map<String, String> ofCall = callId == null ? null : openParticipants.get(callId);
                String participantId = ofCall == null ? null : ofCall.remove(f.userId());
                if (participantId == null) {
                    return false;
                }
                writes.add(new HistoryWrite.ParticipantClosed(
                        participantId, f.at(), f.reason().wireName()));
            }
            case CallFact.CallEnded f -> {
                String callId = openCalls.remove(f.sessionId());
                if (callId == null) {
                    return false;
                }
                openParticipants.remove(callId);
                writes.add(new HistoryWrite.CallClosed(
                        callId,
                        f.at(),
                        Duration.between(f.startedAt(), f.at()).toSeconds(),
                        f.peakParticipants(),
                        f.reason().wireName()));
            }
        }
        return true;
    }

    /**
     * Continues the rows of a call taken over from another node ({@link ResumedRows}). Without an open call row (the
     * other node's start never reached the database, or another database), the call is opened here as a start would.
     */
    private void resume(CallFact.CallResumed f, Resumption read, List<HistoryWrite> writes) {
        Optional<OpenCall> open = read.open();
        String callId =
                open.map(OpenCall::callId).orElseGet(() -> UUID.randomUUID().toString());
        if (open.isEmpty()) {
            writes.add(new HistoryWrite.CallOpened(callId, f.sessionId(), f.startedAt(), f.e2ee()));
        }
        openCalls.put(f.sessionId(), callId);
        int before = writes.size();
        openParticipants.put(callId, ResumedRows.continued(f, callId, open, read.told(), writes));
        log.info(
                "resumed call '{}': {} participant rows opened or closed to continue it",
                f.sessionId(),
                writes.size() - before);
    }

    /** Always placed: a ring is written by its own id, whether or not its call has started. */
    private static boolean translate(RingFact fact, List<HistoryWrite> writes) {
        String ringId = fact.ringId().toString();
        switch (fact) {
            case RingFact.Invited f ->
                writes.add(new HistoryWrite.RingOpened(
                        ringId,
                        f.sessionId(),
                        f.caller(),
                        f.media().wireName(),
                        f.at(),
                        f.invitees().stream()
                                .map(i -> Map.entry(i.userId(), i.state().wireName()))
                                .toList(),
                        f.addedTo().map(UUID::toString)));
            case RingFact.Decided f ->
                writes.add(new HistoryWrite.InviteeDecided(
                        ringId, f.userId(), f.state().wireName(), f.at()));
            case RingFact.Over f -> writes.add(new HistoryWrite.RingClosed(ringId, f.at()));
        }
        return true;
    }

    /** Always placed: nothing is written, the call's rows stay open for the node that has the call now. */
    private boolean forget(String sessionId) {
        String callId = openCalls.remove(sessionId);
        if (callId != null) {
            openParticipants.remove(callId);
        }
        return true;
    }

    /** Always placed: a change for a session with no open call is ignored, not counted as dropped. */
    private boolean translate(HistoryRecorder.Recorded.MediaChanged change, List<HistoryWrite> writes) {
        String callId = openCalls.get(change.sessionId());
        if (callId == null) {
            // Not a loss: the media side may move a call back to the mesh as its last participant leaves, after the
            // registry has ended it here; and a call whose start was dropped has been counted already.
            return true;
        }
        switch (change.mode()) {
            case SFU -> writes.add(new HistoryWrite.CallMediaUsed(callId, MediaMode.SFU));
            case MESH -> {
                // What a call used, not where it is: mesh is every call's start, and an SFU call stays one.
            }
        }
        return true;
    }
}
