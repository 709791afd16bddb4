package com.securevox.call.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who joined and left a call as its {@code participant.joined} and {@code participant.left} events in the webhook
 * outbox tell it, up to a takeover: what a node that takes a call over reads to write the history rows the dead node
 * had told the webhooks of but not yet written ({@link ResumedRows}). The two are written apart, each a moment after
 * its fact, so a {@code kill -9} can leave one behind the other.
 *
 * @param byUser each user's joins and leaves, in their order, by user id in the order they first joined
 */
record OutboxParticipation(Map<String, Joins> byUser) {
    private static final ObjectMapper JSON = new ObjectMapper();

    OutboxParticipation {
        byUser = Collections.unmodifiableMap(new LinkedHashMap<>(byUser));
    }

    /** None: the outbox holds no event of the call (webhooks are off, or every one was lost). */
    static final OutboxParticipation NONE = new OutboxParticipation(Map.of());

    /** One join as the outbox tells it: when, with which role, and how many were in the call then. */
    record Join(Instant at, String role, int participants) {}

    /** One leave as the outbox tells it: when and why. */
    record Leave(Instant at, String reason) {}

    /** A user's joins and leaves: the n-th leave ends the n-th join. */
    record Joins(List<Join> joins, List<Leave> leaves) {
        Joins {
            joins = List.copyOf(joins);
            leaves = List.copyOf(leaves);
        }
    }

    /**
     * The joins and leaves among {@code bodies} (the outbox's events of the call in the order of their numbers, see
     * {@link WebhookOutbox#participation}) that happened before {@code takeover}: the dead node's. Those the new node
     * tells at the takeover or after are not its history's to catch up with.
     *
     * @throws HistoryStoreException naming the event when one is not such an event as the webhook recorder writes
     */
    static OutboxParticipation of(List<String> bodies, Instant takeover) {
        Map<String, List<Join>> joins = new LinkedHashMap<>();
        Map<String, List<Leave>> leaves = new LinkedHashMap<>();
        for (String body : bodies) {
            try {
                JsonNode event = JSON.readTree(body);
                String type = event.path("type").asText();
                Instant at = Instant.parse(event.path("createdAt").asText());
                JsonNode data = event.path("data");
                String userId = data.path("userId").asText();
                if (!at.isBefore(takeover)) {
                    continue;
                }
                if (type.equals("participant.joined")) {
                    joins.computeIfAbsent(userId, u -> new ArrayList<>())
                            .add(new Join(
                                    at,
                                    data.path("role").asText(),
                                    data.path("participants").asInt()));
                } else if (type.equals("participant.left")) {
                    leaves.computeIfAbsent(userId, u -> new ArrayList<>())
                            .add(new Leave(at, data.path("reason").asText()));
                }
            } catch (JsonProcessingException | DateTimeParseException e) {
                throw new HistoryStoreException("an event in the webhook outbox is not one it writes: " + body, e);
            }
        }
        Map<String, Joins> byUser = new LinkedHashMap<>();
        joins.forEach((user, j) -> byUser.put(user, new Joins(j, leaves.getOrDefault(user, List.of()))));
        return new OutboxParticipation(byUser);
    }
}
