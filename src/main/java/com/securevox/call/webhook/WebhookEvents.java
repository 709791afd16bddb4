package com.securevox.call.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.securevox.call.call.CallFact;
import com.securevox.call.call.Participant;
import com.securevox.call.recording.RecordingFile;
import com.securevox.call.recording.RecordingInfo;
import com.securevox.call.recording.RecordingStatus;
import com.securevox.call.store.RecordingOutcome;
import com.securevox.call.store.WebhookEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Turns facts into webhook events: {@code {"id", "type", "createdAt", "sessionId", "sequence", "data"}}, numbering
 * each call's events from 1. Not thread-safe: one thread feeds it the facts in the order the registry made them, and
 * asks it to number recordings' events in between (see {@link WebhookRecorder#announce}).
 */
final class WebhookEvents {
    private final ObjectMapper json;
    private final Supplier<UUID> ids;
    /** Per call in progress: the last sequence number given and who took part. */
    private final Map<String, CallState> calls = new HashMap<>();

    private static final class CallState {
        final Instant startedAt;
        long sequence;
        final Set<String> participants = new LinkedHashSet<>();

        CallState(Instant startedAt) {
            this.startedAt = startedAt;
        }
    }

    /** A number given to a recording's event: its call's next one. */
    record Place(long sequence, Instant callStartedAt) {}

    WebhookEvents(ObjectMapper json, Supplier<UUID> ids) {
        this.json = json;
        this.ids = ids;
    }

    WebhookEvent from(CallFact fact) {
        ObjectNode data = json.createObjectNode();
        String type;
        CallState call;
        switch (fact) {
            case CallFact.CallStarted f -> {
                type = "call.started";
                // A session id may be used again after its call ended: a new call numbers from 1.
                call = new CallState(f.at());
                calls.put(f.sessionId(), call);
                data.put("startedAt", f.at().toString());
                data.put("e2ee", f.e2ee());
            }
            case CallFact.ParticipantJoined f -> {
                type = "participant.joined";
                call = ongoing(f.sessionId(), f.at());
                participant(data, f.participant());
                data.put("participants", f.participants());
                call.participants.add(f.participant().userId());
            }
            case CallFact.ParticipantUpdated f -> {
                type = "participant.updated";
                call = ongoing(f.sessionId(), f.at());
                participant(data, f.participant());
            }
            case CallFact.ParticipantLeft f -> {
                type = "participant.left";
                call = ongoing(f.sessionId(), f.at());
                data.put("userId", f.userId());
                data.put("reason", f.reason().wireName());
            }
            case CallFact.CallEnded f -> {
                type = "call.ended";
                call = ongoing(f.sessionId(), f.startedAt());
                calls.remove(f.sessionId());
                data.put("startedAt", f.startedAt().toString());
                data.put("endedAt", f.at().toString());
                data.put(
                        "durationSeconds",
                        Duration.between(f.startedAt(), f.at()).toSeconds());
                data.put("peakParticipants", f.peakParticipants());
                ArrayNode participants = data.putArray("participants");
                call.participants.forEach(participants::add);
                data.put("reason", f.reason().wireName());
            }
        }
        long sequence = ++call.sequence;
        String id = ids.get().toString();
        ObjectNode body = json.createObjectNode();
        body.put("id", id);
        body.put("type", type);
        body.put("createdAt", fact.at().toString());
        body.put("sessionId", fact.sessionId());
        body.put("sequence", sequence);
        body.set("data", data);
        return new WebhookEvent(id, fact.sessionId(), sequence, type, fact.at(), body.toString(), call.startedAt);
    }

    /**
     * The next number of the recording's call if that call is in progress here (the session's call started by the
     * time the recording did); empty if it has ended, or its start was before this server's: its numbering is then
     * the outbox's.
     */
    Optional<Place> reserve(String sessionId, Instant recordingStartedAt) {
        CallState call = calls.get(sessionId);
        if (call == null || call.startedAt.isAfter(recordingStartedAt)) {
            return Optional.empty();
        }
        return Optional.of(new Place(++call.sequence, call.startedAt));
    }

    /** Gives back a number {@link #reserve} gave whose event was not written, so the call's numbering has no gap. */
    void release(String sessionId, Place place) {
        CallState call = calls.get(sessionId);
        if (call != null && call.startedAt.equals(place.callStartedAt()) && call.sequence == place.sequence()) {
            call.sequence--;
        }
    }

    /** The {@code recording.ready} or {@code recording.failed} event of an outcome, at its place in the call. */
    WebhookEvent recording(RecordingOutcome outcome, Place place) {
        RecordingInfo r = outcome.recording();
        ObjectNode data = json.createObjectNode();
        data.put("recordingId", r.id().value());
        data.put("startedBy", r.startedBy());
        data.put("startedAt", r.startedAt().toString());
        data.put("endedAt", r.endedAt().toString());
        data.put("partial", r.partial());
        if (r.status() == RecordingStatus.READY) {
            data.put("lost", r.failure());
            ArrayNode files = data.putArray("files");
            for (RecordingFile file : r.files()) {
                ObjectNode f = files.addObject();
                f.put("name", file.name());
                f.put("userId", file.userId());
                f.put("source", file.source().wireName());
                f.put("startOffsetMs", file.startOffset().toMillis());
                f.put("durationMs", file.duration().toMillis());
                f.put("audio", file.audio());
                f.put("video", file.video());
                f.put("bytes", file.bytes());
                ArrayNode pieces = f.putArray("pieces");
                for (RecordingFile.Piece piece : file.pieces()) {
                    pieces.addObject()
                            .put("startOffsetMs", piece.startOffset().toMillis())
                            .put("durationMs", piece.duration().toMillis());
                }
            }
        } else {
            data.put("reason", r.failure());
        }
        String id = ids.get().toString();
        ObjectNode body = json.createObjectNode();
        body.put("id", id);
        body.put("type", outcome.eventType());
        body.put("createdAt", outcome.at().toString());
        body.put("sessionId", r.sessionId());
        body.put("sequence", place.sequence());
        body.set("data", data);
        return new WebhookEvent(
                id,
                r.sessionId(),
                place.sequence(),
                outcome.eventType(),
                outcome.at(),
                body.toString(),
                place.callStartedAt());
    }

    /** The call's state; made afresh if its start was never seen (it was dropped), so numbering goes on. */
    private CallState ongoing(String sessionId, Instant at) {
        return calls.computeIfAbsent(sessionId, id -> new CallState(at));
    }

    private static void participant(ObjectNode data, Participant participant) {
        data.put("userId", participant.userId());
        data.put("role", participant.role().wireName());
        data.put("audioMuted", participant.audioMuted());
        data.put("videoMuted", participant.videoMuted());
    }
}
