package com.securevox.call.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.securevox.call.call.CallFact;
import com.securevox.call.call.Participant;
import com.securevox.call.quality.QualityAlert;
import com.securevox.call.recording.RecordingFile;
import com.securevox.call.recording.RecordingInfo;
import com.securevox.call.recording.RecordingStatus;
import com.securevox.call.ring.RingAnswers;
import com.securevox.call.ring.RingFact;
import com.securevox.call.store.CallSequence;
import com.securevox.call.store.ParticipantRecord;
import com.securevox.call.store.RecordingOutcome;
import com.securevox.call.store.SequenceTakenException;
import com.securevox.call.store.WebhookEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Turns call and ring facts into webhook events: {@code {"id", "type", "createdAt", "sessionId", "sequence", "data"}}, numbering
 * each call's events from 1. Not thread-safe: one thread feeds it the facts in the order the registry made them, and
 * asks it to number recordings' events in between (see {@link WebhookRecorder#announce}).
 */
final class WebhookEvents {
    private final ObjectMapper json;
    private final Supplier<UUID> ids;
    /** Per call in progress: the last sequence number given and who took part. */
    private final Map<String, CallState> calls = new HashMap<>();
    /**
     * Per ring not over yet: the numbering its {@code call.invited} took, so every event of a ring is in one stream,
     * even when its call ends (or its session id gets a new call) before the ring is over.
     */
    private final Map<UUID, RingStream> rings = new HashMap<>();

    /** How long a ring that someone accepted waits for its call to start before its numbering is forgotten. */
    static final Duration RING_WAITS_FOR_CALL = Duration.ofHours(1);

    private static final class CallState {
        final String sessionId;
        /** When the call's numbering began: its start, or the start of the ring that came first. */
        final Instant startedAt;

        long sequence;
        final Set<String> participants = new LinkedHashSet<>();
        /** Whether {@code call.started} was seen: false while only a ring is known of it. */
        boolean started;
        /** When its ring was over, while the call has not started; null otherwise. */
        Instant ringOverAt;

        CallState(String sessionId, Instant startedAt, boolean started) {
            this.sessionId = sessionId;
            this.startedAt = startedAt;
            this.started = started;
        }
    }

    /** The numbering a ring's events take, and when the ring would have timed out (for forgetting a lost one). */
    private record RingStream(CallState call, Instant expiresAt) {}

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
                // A call that was rung continues its ring's numbering; a session id may be used again after its call
                // ended: a new call numbers from 1.
                CallState rung = calls.get(f.sessionId());
                if (rung != null && !rung.started) {
                    call = rung;
                    call.started = true;
                    call.ringOverAt = null;
                } else {
                    call = new CallState(f.sessionId(), f.at(), true);
                    calls.put(f.sessionId(), call);
                }
                data.put("startedAt", f.at().toString());
                data.put("e2ee", f.e2ee());
            }
            case CallFact.CallResumed f ->
                throw new IllegalArgumentException(
                        "call '" + f.sessionId() + "' resumed: makes no event (expected: told to resume)");
            case CallFact.ParticipantAway f ->
                throw new IllegalArgumentException(
                        "participant '" + f.userId() + "' away: makes no event (expected: left out by the recorder)");
            case CallFact.ParticipantBack f ->
                throw new IllegalArgumentException(
                        "participant '" + f.userId() + "' back: makes no event (expected: left out by the recorder)");
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
        return event(call, type, fact.sessionId(), fact.at(), data);
    }

    /**
     * The {@code call.quality_alert} of a participant whose MOS stayed low, in its call's numbering; empty when the call
     * is not in progress here any more (it ended since: the alert is moot).
     */
    Optional<WebhookEvent> from(QualityAlert alert) {
        CallState call = calls.get(alert.sessionId());
        if (call == null || !call.started) {
            return Optional.empty();
        }
        ObjectNode data = json.createObjectNode();
        data.put("userId", alert.userId());
        data.put("mos", Math.round(alert.mos() * 100) / 100.0);
        data.put("threshold", alert.threshold());
        data.put("belowSince", alert.belowSince().toString());
        data.put(
                "belowSeconds", Duration.between(alert.belowSince(), alert.at()).toSeconds());
        return Optional.of(event(call, "call.quality_alert", alert.sessionId(), alert.at(), data));
    }

    /**
     * The call went on here after the node that served it stopped: its numbering continues after {@code last}, the
     * highest number the outbox holds of it (empty: none, so from 1), and the call and its participants' sessions go
     * on. Returns the events that tell what the outbox ({@code participation}) lacks of the call's history rows and of
     * the resumed state, numbered on ({@link TakeoverCatchUp}); none when they agree.
     */
    List<WebhookEvent> resume(
            CallFact.CallResumed resumed,
            Optional<CallSequence> last,
            List<String> participation,
            List<ParticipantRecord> history) {
        CallState call = new CallState(
                resumed.sessionId(), last.map(CallSequence::callStartedAt).orElse(resumed.startedAt()), true);
        call.sequence = last.map(CallSequence::last).orElse(0L);
        calls.put(resumed.sessionId(), call);
        TakeoverCatchUp catchUp = TakeoverCatchUp.of(json, resumed, participation, history);
        call.participants.addAll(catchUp.tookPart());
        return catchUp.told().stream()
                .map(t -> event(call, t.type(), resumed.sessionId(), t.at(), t.data()))
                .toList();
    }

    /**
     * The call went on on another node without an end here (it was let go or handed over): that node numbers its
     * events from now on, so this one forgets the call's numbering, which no {@code call.ended} will remove. A
     * recording's event of the call then takes its number from the outbox.
     */
    void moved(String sessionId) {
        CallState call = calls.get(sessionId);
        if (call != null && call.started) {
            calls.remove(sessionId);
        }
    }

    /** How many calls' numberings are kept in memory. */
    int numbered() {
        return calls.size();
    }

    /**
     * The event of a ring's fact, numbered in its call: {@code call.invited} begins the call's numbering unless the
     * call is in progress, and {@code call.started} then continues it. Empty for {@link RingFact.Over}, which only
     * lets a ring nobody accepted be forgotten.
     */
    Optional<WebhookEvent> from(RingFact fact) {
        ObjectNode data = json.createObjectNode();
        data.put("ringId", fact.ringId().toString());
        String type;
        CallState call;
        switch (fact) {
            case RingFact.Invited f -> {
                type = "call.invited";
                forgetStaleRings(f.at());
                // People added to a call join the numbering of the ring that rang it, while that one is not over.
                call = f.addedTo()
                        .map(rings::get)
                        .map(RingStream::call)
                        .orElseGet(() -> calls.computeIfAbsent(
                                f.sessionId(), id -> new CallState(f.sessionId(), f.at(), false)));
                rings.put(f.ringId(), new RingStream(call, f.expiresAt()));
                data.put("from", f.caller());
                f.addedTo().ifPresent(first -> data.put("addedTo", first.toString()));
                data.put("media", f.media().wireName());
                data.put("expiresAt", f.expiresAt().toString());
                ArrayNode invitees = data.putArray("invitees");
                for (RingAnswers.InviteeState invitee : f.invitees()) {
                    invitees.addObject()
                            .put("userId", invitee.userId())
                            .put("state", invitee.state().wireName());
                }
            }
            case RingFact.Decided f -> {
                type = "invite." + f.state().wireName();
                RingStream ring = rings.get(f.ringId());
                // Without its call.invited (dropped from a full queue): the call's numbering, or a new one.
                call = ring != null
                        ? ring.call()
                        : calls.computeIfAbsent(f.sessionId(), id -> new CallState(f.sessionId(), f.at(), false));
                data.put("userId", f.userId());
                f.via().ifPresent(via -> data.put("via", via.wireName()));
            }
            case RingFact.Over f -> {
                rings.remove(f.ringId());
                CallState rung = calls.get(f.sessionId());
                if (rung != null && !rung.started) {
                    if (f.accepted()) {
                        rung.ringOverAt = f.at();
                    } else {
                        calls.remove(f.sessionId());
                    }
                }
                return Optional.empty();
            }
        }
        return Optional.of(event(call, type, fact.sessionId(), fact.at(), data));
    }

    /**
     * Rings someone accepted whose call never started: their numbering is not needed any more; nor that of rings long
     * past their time whose end was never seen (dropped from a full queue).
     */
    private void forgetStaleRings(Instant now) {
        Instant before = now.minus(RING_WAITS_FOR_CALL);
        calls.values().removeIf(c -> !c.started && c.ringOverAt != null && c.ringOverAt.isBefore(before));
        rings.values().removeIf(r -> r.expiresAt().isBefore(before));
    }

    private WebhookEvent event(CallState call, String type, String sessionId, Instant at, ObjectNode data) {
        long sequence = ++call.sequence;
        String id = ids.get().toString();
        ObjectNode body = json.createObjectNode();
        body.put("id", id);
        body.put("type", type);
        body.put("createdAt", at.toString());
        body.put("sessionId", sessionId);
        body.put("sequence", sequence);
        body.set("data", data);
        return new WebhookEvent(id, sessionId, sequence, type, at, body.toString(), call.startedAt);
    }

    /**
     * The next number of the recording's call if that call is in progress here (the session's call started by the
     * time the recording did); empty if it has ended, or its start was before this server's: its numbering is then
     * the outbox's.
     */
    Optional<Place> reserve(String sessionId, Instant recordingStartedAt) {
        return numbered(sessionId)
                .filter(c -> c.started && !c.startedAt.isAfter(recordingStartedAt))
                .max(Comparator.comparing((CallState c) -> c.startedAt))
                .map(call -> new Place(++call.sequence, call.startedAt));
    }

    /** Gives back a number {@link #reserve} gave whose event was not written, so the call's numbering has no gap. */
    void release(String sessionId, Place place) {
        numbered(sessionId)
                .filter(c -> c.startedAt.equals(place.callStartedAt()) && c.sequence == place.sequence())
                .findFirst()
                .ifPresent(call -> call.sequence--);
    }

    /**
     * The numberings of the session id kept in memory: its call in progress, and calls that ended while a ring of
     * theirs was not over (a recording of such a call must take its number here, not from the outbox, which lacks the
     * ring's events still to come).
     */
    private Stream<CallState> numbered(String sessionId) {
        return Stream.concat(
                        Stream.ofNullable(calls.get(sessionId)),
                        rings.values().stream().map(RingStream::call).filter(c -> c.sessionId.equals(sessionId)))
                .distinct();
    }

    /**
     * The batch again, with the events of the call that {@code taken} names numbered on after the number another node
     * gave last, in their order; the call's numbering here, if it is kept, goes on from the last of them. Written
     * after that node's events, they leave after them too.
     */
    List<WebhookEvent> renumbered(List<WebhookEvent> batch, SequenceTakenException taken) {
        CallSequence other = taken.taken();
        long first = batch.stream()
                .filter(e -> ofCall(e, taken.sessionId(), other.callStartedAt()))
                .mapToLong(WebhookEvent::sequence)
                .min()
                .orElse(other.last() + 1);
        long shift = other.last() + 1 - first;
        numbered(taken.sessionId())
                .filter(c -> c.startedAt.equals(other.callStartedAt()))
                .forEach(c -> c.sequence += shift);
        return batch.stream()
                .map(e -> ofCall(e, taken.sessionId(), other.callStartedAt()) ? renumbered(e, e.sequence() + shift) : e)
                .toList();
    }

    private static boolean ofCall(WebhookEvent event, String sessionId, Instant callStartedAt) {
        return event.sessionId().equals(sessionId) && event.callStartedAt().equals(callStartedAt);
    }

    /** The same event with another number; its body says so too (the rest of it as it was, in its order). */
    private WebhookEvent renumbered(WebhookEvent event, long sequence) {
        ObjectNode body;
        try {
            body = (ObjectNode) json.readTree(event.body());
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("event " + event.id() + ": its body is not the JSON object made here", e);
        }
        body.put("sequence", sequence);
        return new WebhookEvent(
                event.id(),
                event.sessionId(),
                sequence,
                event.type(),
                event.createdAt(),
                body.toString(),
                event.callStartedAt());
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
        return calls.computeIfAbsent(sessionId, id -> new CallState(sessionId, at, true));
    }

    static void participant(ObjectNode data, Participant participant) {
        data.put("userId", participant.userId());
        data.put("role", participant.role().wireName());
        data.put("audioMuted", participant.audioMuted());
        data.put("videoMuted", participant.videoMuted());
    }
}
