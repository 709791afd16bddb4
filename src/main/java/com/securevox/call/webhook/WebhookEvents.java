package com.securevox.call.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.securevox.call.call.CallFact;
import com.securevox.call.call.Participant;
import com.securevox.call.store.WebhookEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Turns facts into webhook events: {@code {"id", "type", "createdAt", "sessionId", "sequence", "data"}}, numbering
 * each call's events from 1. Not thread-safe: one thread feeds it the facts in the order the registry made them.
 */
final class WebhookEvents {
    private final ObjectMapper json;
    private final Supplier<UUID> ids;
    /** Per call in progress: the last sequence number given and who took part. */
    private final Map<String, CallState> calls = new HashMap<>();

    private static final class CallState {
        long sequence;
        final Set<String> participants = new LinkedHashSet<>();
    }

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
                call = new CallState();
                calls.put(f.sessionId(), call);
                data.put("startedAt", f.at().toString());
            }
            case CallFact.ParticipantJoined f -> {
                type = "participant.joined";
                call = ongoing(f.sessionId());
                participant(data, f.participant());
                data.put("participants", f.participants());
                call.participants.add(f.participant().userId());
            }
            case CallFact.ParticipantUpdated f -> {
                type = "participant.updated";
                call = ongoing(f.sessionId());
                participant(data, f.participant());
            }
            case CallFact.ParticipantLeft f -> {
                type = "participant.left";
                call = ongoing(f.sessionId());
                data.put("userId", f.userId());
                data.put("reason", f.reason().wireName());
            }
            case CallFact.CallEnded f -> {
                type = "call.ended";
                call = ongoing(f.sessionId());
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
        return new WebhookEvent(id, fact.sessionId(), sequence, type, fact.at(), body.toString());
    }

    /** The call's state; made afresh if its start was never seen (it was dropped), so numbering goes on. */
    private CallState ongoing(String sessionId) {
        return calls.computeIfAbsent(sessionId, id -> new CallState());
    }

    private static void participant(ObjectNode data, Participant participant) {
        data.put("userId", participant.userId());
        data.put("role", participant.role().wireName());
        data.put("audioMuted", participant.audioMuted());
        data.put("videoMuted", participant.videoMuted());
    }
}
