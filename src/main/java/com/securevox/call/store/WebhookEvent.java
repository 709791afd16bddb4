package com.securevox.call.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A webhook event to deliver, as it is put in the outbox: {@code body} is the exact JSON that will be sent and signed.
 *
 * @param sequence the event's place in its call, from 1
 * @param callStartedAt when the call it belongs to started: with the session id it names the call, whose numbering a
 *     recording's event continues (see {@link WebhookOutbox#lastOfCall})
 */
public record WebhookEvent(
        String id,
        String sessionId,
        long sequence,
        String type,
        Instant createdAt,
        String body,
        Instant callStartedAt) {
    public WebhookEvent {
        Objects.requireNonNull(id, "id: null (expected: the event's id)");
        Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
        Objects.requireNonNull(type, "type: null (expected: the event type)");
        Objects.requireNonNull(createdAt, "createdAt: null (expected: when the event happened)");
        Objects.requireNonNull(body, "body: null (expected: the JSON to send)");
        Objects.requireNonNull(callStartedAt, "callStartedAt: null (expected: when the event's call started)");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence: " + sequence + " (expected: >= 1)");
        }
    }
}
