package com.securevox.call.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.securevox.call.call.CallFact;
import com.securevox.call.call.LeaveReason;
import com.securevox.call.call.Participant;
import com.securevox.call.store.ParticipantRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the node that takes a call over tells its webhooks of the dead node's last moment. That node wrote the call's
 * state, its history rows and its events apart, each a moment after its fact, so a kill can leave any of them behind
 * the others; the call goes on as the state says. The events to tell, in this order: {@code call.started} if the
 * outbox lacks it; the joins and leaves the history rows tell and the outbox lacks (a user with more rows than joins,
 * or whose row was closed before the takeover and the outbox has no leave of), each at its time, in time order; then,
 * as of the takeover, {@code participant.left} ({@code disconnected}) of each member the events now have in the call
 * and the state does not, {@code participant.joined} of each member of the state the events do not have in the call,
 * and {@code participant.updated} of each one whose role or mute state the events have otherwise. The new node's
 * history does the same from its side ({@code store.ResumedRows}), so both tell the same joins and leaves.
 *
 * @param told the events to tell, unnumbered, in order
 * @param tookPart who took part as far as the outbox, the history and the state know, in the order they first joined
 */
record TakeoverCatchUp(List<Told> told, Set<String> tookPart) {
    /** One event to tell: its type, when it happened, its data. */
    record Told(String type, Instant at, ObjectNode data) {}

    /** A join or leave the history tells and the outbox lacks: when, of which row. */
    private record Caught(Instant at, boolean joined, ParticipantRecord row) {}

    /**
     * @param participation the bodies of the call's {@code call.started} and {@code participant.*} events in the
     *     outbox, in the order of their numbers
     * @param history the call's history rows, in join order
     */
    static TakeoverCatchUp of(
            ObjectMapper json,
            CallFact.CallResumed resumed,
            List<String> participation,
            List<ParticipantRecord> history) {
        boolean started = false;
        Set<String> tookPart = new LinkedHashSet<>();
        // Who the outbox has in the call, each with the data of its last event, in the order they joined.
        Map<String, JsonNode> present = new LinkedHashMap<>();
        Map<String, Integer> joins = new HashMap<>();
        Map<String, Integer> leaves = new HashMap<>();
        for (String body : participation) {
            JsonNode event = parsed(json, body);
            JsonNode data = event.path("data");
            String userId = data.path("userId").asText();
            switch (event.path("type").asText()) {
                case "call.started" -> started = true;
                case "participant.joined" -> {
                    present.put(userId, data);
                    tookPart.add(userId);
                    joins.merge(userId, 1, Integer::sum);
                }
                case "participant.updated" -> present.replace(userId, data);
                case "participant.left" -> {
                    present.remove(userId);
                    leaves.merge(userId, 1, Integer::sum);
                }
                default -> {} // none other is asked for
            }
        }
        List<Told> told = new ArrayList<>();
        Instant at = resumed.at();
        if (!started) {
            ObjectNode data = json.createObjectNode();
            data.put("startedAt", resumed.startedAt().toString());
            data.put("e2ee", resumed.e2ee());
            told.add(new Told("call.started", resumed.startedAt(), data));
        }
        Map<String, Participant> members = new LinkedHashMap<>();
        resumed.participants().forEach(p -> members.put(p.userId(), p));
        for (Caught c : caughtUp(history, joins, leaves, at)) {
            String userId = c.row().userId();
            ObjectNode data = json.createObjectNode();
            data.put("userId", userId);
            if (c.joined()) {
                Participant member = members.get(userId);
                data.put("role", c.row().role());
                data.put("audioMuted", member != null && member.audioMuted());
                data.put("videoMuted", member != null && member.videoMuted());
                present.put(userId, data);
                tookPart.add(userId);
                data.put("participants", present.size());
                told.add(new Told("participant.joined", c.at(), data));
            } else {
                present.remove(userId);
                data.put("reason", c.row().leaveReason().orElse(LeaveReason.DISCONNECTED.wireName()));
                told.add(new Told("participant.left", c.at(), data));
            }
        }
        for (String userId : List.copyOf(present.keySet())) {
            if (!members.containsKey(userId)) {
                present.remove(userId);
                ObjectNode data = json.createObjectNode();
                data.put("userId", userId);
                data.put("reason", LeaveReason.DISCONNECTED.wireName());
                told.add(new Told("participant.left", at, data));
            }
        }
        for (Participant p : members.values()) {
            JsonNode known = present.get(p.userId());
            ObjectNode data = json.createObjectNode();
            WebhookEvents.participant(data, p);
            if (known == null) {
                present.put(p.userId(), data);
                tookPart.add(p.userId());
                data.put("participants", present.size());
                told.add(new Told("participant.joined", at, data));
            } else if (!known.path("role").asText().equals(p.role().wireName())
                    || known.path("audioMuted").asBoolean() != p.audioMuted()
                    || known.path("videoMuted").asBoolean() != p.videoMuted()) {
                told.add(new Told("participant.updated", at, data));
            }
        }
        return new TakeoverCatchUp(List.copyOf(told), tookPart);
    }

    /**
     * The joins and leaves of the history rows written before {@code takeover} that the outbox lacks, given how many
     * joins and leaves it has of each user, in time order: the n-th row of a user is its n-th join, closed by its n-th
     * leave. A user the outbox has more joins of than the history has rows is the history's to catch up with.
     */
    private static List<Caught> caughtUp(
            List<ParticipantRecord> history,
            Map<String, Integer> joins,
            Map<String, Integer> leaves,
            Instant takeover) {
        Map<String, List<ParticipantRecord>> rows = new LinkedHashMap<>();
        for (ParticipantRecord row : history) {
            if (row.joinedAt().isBefore(takeover)) {
                rows.computeIfAbsent(row.userId(), u -> new ArrayList<>()).add(row);
            }
        }
        List<Caught> caught = new ArrayList<>();
        rows.forEach((userId, ofUser) -> {
            int joined = joins.getOrDefault(userId, 0);
            int left = leaves.getOrDefault(userId, 0);
            if (ofUser.size() < joined) {
                return;
            }
            for (int i = 0; i < ofUser.size(); i++) {
                ParticipantRecord row = ofUser.get(i);
                if (i >= joined) {
                    caught.add(new Caught(row.joinedAt(), true, row));
                }
                // A close at the takeover is the new node's own (the member is not in the resumed state): told last.
                if (i >= left && row.leftAt().filter(t -> t.isBefore(takeover)).isPresent()) {
                    caught.add(new Caught(row.leftAt().orElseThrow(), false, row));
                }
            }
        });
        // Stable: a row's join stays before its leave, and a leave before the next join, at the same instant.
        caught.sort(Comparator.comparing(Caught::at));
        return caught;
    }

    private static JsonNode parsed(ObjectMapper json, String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event in the outbox is not JSON: " + body, e);
        }
    }
}
