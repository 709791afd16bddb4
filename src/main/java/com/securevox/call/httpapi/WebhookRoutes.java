package com.securevox.call.httpapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.securevox.call.store.DeliveryStatus;
import com.securevox.call.store.WebhookDelivery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /api/webhooks/deliveries?status=&limit=} and {@code POST /api/webhooks/deliveries/{id}/retry}: what the
 * webhook outbox holds, newest first, and a way to send a dead-lettered event again. Times in epoch milliseconds.
 */
final class WebhookRoutes {
    static final String LIST = "/api/webhooks/deliveries";
    private static final String PREFIX = LIST + "/";
    private static final String RETRY_SUFFIX = "/retry";
    private static final List<String> KNOWN = List.of("status", "limit");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final WebhookDeliveries deliveries;

    WebhookRoutes(WebhookDeliveries deliveries) {
        this.deliveries = deliveries;
    }

    Object list(ApiRequest request) {
        Query query = Query.parse(request.query());
        return new Deliveries(
                DatabaseReads.read("the webhook outbox", () -> deliveries.list(query.status(), query.limit())).stream()
                        .map(DeliveryView::of)
                        .toList());
    }

    /** The query of the list: {@code status} and {@code limit}; anything else, repeated or malformed is refused. */
    record Query(Optional<DeliveryStatus> status, int limit) {
        static Query parse(Map<String, List<String>> query) {
            QueryParameters parameters = QueryParameters.of(query, KNOWN);
            Optional<DeliveryStatus> status = parameters.single("status").map(value -> DeliveryStatus.fromWire(value)
                    .orElseThrow(() -> QueryParameters.invalid(
                            "status: " + QueryParameters.shown(value) + " (expected: pending, delivered or dead)")));
            return new Query(status, parameters.limit(DEFAULT_LIMIT, MAX_LIMIT));
        }
    }

    Object retry(ApiRequest request) {
        String id = retryIdOf(request.path()).orElseThrow();
        if (!ID.matcher(id).matches()) {
            throw invalid("id: " + shown(id) + " (expected: the id of a delivery, a lower-case UUID)");
        }
        if (!DatabaseReads.read("the webhook outbox", () -> deliveries.retry(id))) {
            throw new HttpApiException(HttpError.NOT_FOUND, "id: '" + id + "' is no dead-lettered delivery");
        }
        return new Retried(id, DeliveryStatus.PENDING.wireName());
    }

    /** The id in {@code /api/webhooks/deliveries/{id}/retry}, if the path is one. */
    static Optional<String> retryIdOf(String path) {
        if (path.startsWith(PREFIX)
                && path.endsWith(RETRY_SUFFIX)
                && path.length() > PREFIX.length() + RETRY_SUFFIX.length()) {
            return Optional.of(path.substring(PREFIX.length(), path.length() - RETRY_SUFFIX.length()));
        }
        return Optional.empty();
    }

    private static HttpApiException invalid(String message) {
        return QueryParameters.invalid(message);
    }

    private static String shown(String value) {
        return QueryParameters.shown(value);
    }

    record Deliveries(List<DeliveryView> deliveries) {}

    record Retried(String id, String status) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeliveryView(
            String id,
            String type,
            String sessionId,
            long sequence,
            long createdAt,
            String status,
            int attempts,
            Long nextAttemptAt,
            Long lastAttemptAt,
            String lastError,
            Long deliveredAt) {
        static DeliveryView of(WebhookDelivery d) {
            return new DeliveryView(
                    d.event().id(),
                    d.event().type(),
                    d.event().sessionId(),
                    d.event().sequence(),
                    d.event().createdAt().toEpochMilli(),
                    d.status().wireName(),
                    d.attempts(),
                    d.status() == DeliveryStatus.PENDING ? d.nextAttemptAt().toEpochMilli() : null,
                    d.lastAttemptAt().map(Instant::toEpochMilli).orElse(null),
                    d.lastError().orElse(null),
                    d.deliveredAt().map(Instant::toEpochMilli).orElse(null));
        }
    }
}
