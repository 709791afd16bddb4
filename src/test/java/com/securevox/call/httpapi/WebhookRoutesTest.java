package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.store.DeliveryStatus;
import com.securevox.call.store.HistoryStore;
import com.securevox.call.store.HistoryStores;
import com.securevox.call.store.WebhookDelivery;
import com.securevox.call.store.WebhookEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /api/webhooks/deliveries} over a real SQLite outbox. */
class WebhookRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "webhook-routes-test-api-key";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private HistoryStore store;
    private HttpApi api;
    private final String dead = UUID.randomUUID().toString();
    private final String pending = UUID.randomUUID().toString();

    @BeforeEach
    void open() {
        store = HistoryStores.sqlite(dir.resolve("history.db"));
        store.webhooks()
                .enqueue(List.of(
                        new WebhookEvent(dead, "s1", 1, "call.started", T0, "{}", T0),
                        new WebhookEvent(pending, "s1", 2, "call.ended", T0, "{}", T0)));
        store.webhooks().deadLettered(dead, T0.plusSeconds(1), "HTTP 500");
        WebhookDeliveries deliveries = new WebhookDeliveries() {
            @Override
            public List<WebhookDelivery> list(Optional<DeliveryStatus> status, int limit) {
                return store.webhooks().deliveries(status, limit);
            }

            @Override
            public boolean retry(String id) {
                return store.webhooks().retry(id, T0.plusSeconds(2));
            }
        };
        api = TestHttpApi.with(KEY)
                .observability(new HttpApi.Observability(
                        new NoHistory(),
                        () -> "",
                        Optional.empty(),
                        (route, status) -> {},
                        deliveries,
                        CallQualitySource.NONE))
                .build();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ApiResponse call(String method, String path, Map<String, List<String>> query, boolean key) {
        Map<String, String> headers = key ? Map.of("authorization", "Bearer " + KEY) : Map.of();
        return api.handle(new ApiRequest(method, path, headers, new byte[0], "127.0.0.1", query));
    }

    private static JsonNode json(ApiResponse response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void listsNewestFirstAndByStatus() throws IOException {
        JsonNode all = json(call("GET", "/api/webhooks/deliveries", Map.of(), true));
        assertThat(all.get("deliveries")).hasSize(2);
        assertThat(all.get("deliveries").get(0).get("id").asText()).isEqualTo(pending);

        ApiResponse deadOnes =
                call("GET", "/api/webhooks/deliveries", Map.of("status", List.of("dead"), "limit", List.of("5")), true);
        assertThat(deadOnes.status()).isEqualTo(200);
        JsonNode only = json(deadOnes).get("deliveries");
        assertThat(only).hasSize(1);
        assertThat(only.get(0).get("id").asText()).isEqualTo(dead);
        assertThat(only.get(0).get("status").asText()).isEqualTo("dead");
        assertThat(only.get(0).get("type").asText()).isEqualTo("call.started");
        assertThat(only.get(0).get("sequence").asLong()).isEqualTo(1);
        assertThat(only.get(0).get("attempts").asInt()).isEqualTo(1);
        assertThat(only.get(0).get("lastError").asText()).isEqualTo("HTTP 500");
        assertThat(only.get(0).get("lastAttemptAt").asLong())
                .isEqualTo(T0.plusSeconds(1).toEpochMilli());
    }

    @Test
    void aRetryPutsADeadLetterBackInTheQueue() throws IOException {
        ApiResponse retried = call("POST", "/api/webhooks/deliveries/" + dead + "/retry", Map.of(), true);

        assertThat(retried.status()).isEqualTo(200);
        assertThat(json(retried).get("status").asText()).isEqualTo("pending");
        JsonNode pendingOnes = json(call("GET", "/api/webhooks/deliveries", Map.of("status", List.of("pending")), true))
                .get("deliveries");
        assertThat(pendingOnes).hasSize(2);
        assertThat(pendingOnes.get(1).get("nextAttemptAt").asLong())
                .isEqualTo(T0.plusSeconds(2).toEpochMilli());
    }

    @ParameterizedTest(name = "{0} {1}?{2}={3} → {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            GET  | /api/webhooks/deliveries              | status | lost   | 400 | status: 'lost' (expected: pending, delivered or dead)
            GET  | /api/webhooks/deliveries              | limit  | 0      | 400 | limit: '0' (expected: an integer from 1 to 200)
            GET  | /api/webhooks/deliveries              | state  | dead   | 400 | 'state': unknown parameter (expected: status or limit)
            POST | /api/webhooks/deliveries/nope/retry   | -      | -      | 400 | id: 'nope' (expected: the id of a delivery, a lower-case UUID)
            POST | /api/webhooks/deliveries/00000000-0000-0000-0000-000000000000/retry | - | - | 404 | id: '00000000-0000-0000-0000-000000000000' is no dead-lettered delivery
            GET  | /api/webhooks/deliveries/00000000-0000-0000-0000-000000000000/retry | - | - | 405 | -
            POST | /api/webhooks/deliveries              | -      | -      | 405 | -
            """)
    void refused(String method, String path, String name, String value, int status, String message) throws IOException {
        ApiResponse response = call(method, path, name == null ? Map.of() : Map.of(name, List.of(value)), true);

        assertThat(response.status()).isEqualTo(status);
        if (message != null) {
            assertThat(json(response).get("error").get("message").asText()).isEqualTo(message);
        }
    }

    @Test
    void aPendingEventCannotBeRetried() {
        assertThat(call("POST", "/api/webhooks/deliveries/" + pending + "/retry", Map.of(), true)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void bothRoutesNeedTheApiKey() {
        assertThat(call("GET", "/api/webhooks/deliveries", Map.of(), false).status())
                .isEqualTo(401);
        assertThat(call("POST", "/api/webhooks/deliveries/" + dead + "/retry", Map.of(), false)
                        .status())
                .isEqualTo(401);
    }
}
