package com.securevox.call.store;

import java.time.Instant;
import java.util.Optional;

/**
 * An outbox row: the event and how its delivery stands.
 *
 * @param windowStart when the retry window began (creation, or the last manual retry)
 */
public record WebhookDelivery(
        WebhookEvent event,
        DeliveryStatus status,
        int attempts,
        Instant windowStart,
        Instant nextAttemptAt,
        Optional<Instant> lastAttemptAt,
        Optional<String> lastError,
        Optional<Instant> deliveredAt) {}
