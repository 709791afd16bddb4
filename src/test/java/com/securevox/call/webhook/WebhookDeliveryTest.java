package com.securevox.call.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.call.CallFact;
import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.LeaveReason;
import com.securevox.call.store.DeliveryStatus;
import com.securevox.call.store.HistoryStore;
import com.securevox.call.store.HistoryStores;
import com.securevox.call.store.WebhookDelivery;
import com.securevox.call.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox delivered to a real HTTP receiver, from a real SQLite history database. */
class WebhookDeliveryTest {
    static final byte[] SECRET = "test-webhook-secret".getBytes(StandardCharsets.UTF_8);
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final Receiver receiver = new Receiver();
    private final List<WebhookMetrics.Outcome> outcomes = new CopyOnWriteArrayList<>();
    private HistoryStore store;
    private WebhookRecorder recorder;
    private WebhookDispatcher dispatcher;

    @AfterEach
    void stop() {
        stopServer();
        receiver.close();
    }

    private void startServer(Clock clock, Duration window) {
        store = HistoryStores.sqlite(dir.resolve("history.db"));
        WebhookSettings settings = new WebhookSettings(
                receiver.url(),
                SECRET,
                window,
                Duration.ofMillis(20),
                Duration.ofMillis(200),
                Duration.ofSeconds(5),
                Duration.ofMillis(20));
        dispatcher = new WebhookDispatcher(store.webhooks(), settings, clock, outcomes::add);
        recorder = new WebhookRecorder(store.webhooks(), JSON, 1000, dispatcher::wake);
        dispatcher.start();
        recorder.start();
    }

    private void stopServer() {
        if (recorder != null) {
            recorder.close();
            dispatcher.close();
            store.close();
            recorder = null;
        }
    }

    /** Two interleaved calls: s1 with alice and bob (one mute), s2 with carol. */
    private void playTwoCalls() {
        // Facts are stamped by the server's clock, from which the retry window counts.
        Instant t0 = Instant.now();
        ClientInfo client = new ClientInfo("websocket", "agent");
        for (CallFact fact : List.of(
                new CallFact.CallStarted("s1", t0),
                new CallFact.ParticipantJoined("s1", WebhookEventsTest.participant("alice", false), client, 1, t0),
                new CallFact.CallStarted("s2", t0),
                new CallFact.ParticipantJoined("s2", WebhookEventsTest.participant("carol", false), client, 1, t0),
                new CallFact.ParticipantJoined("s1", WebhookEventsTest.participant("bob", false), client, 2, t0),
                new CallFact.ParticipantUpdated("s1", WebhookEventsTest.participant("bob", true), t0),
                new CallFact.ParticipantLeft("s2", "carol", LeaveReason.LEFT, t0.plusSeconds(1)),
                new CallFact.CallEnded("s2", t0, t0.plusSeconds(1), 1, LeaveReason.LEFT),
                new CallFact.ParticipantLeft("s1", "alice", LeaveReason.LEFT, t0.plusSeconds(2)),
                new CallFact.ParticipantLeft("s1", "bob", LeaveReason.LEFT, t0.plusSeconds(3)),
                new CallFact.CallEnded("s1", t0, t0.plusSeconds(3), 2, LeaveReason.LEFT))) {
            recorder.record(fact);
        }
    }

    @Test
    void aReceiverDownForAWhileGetsEveryEventAfterwardsInOrderWithoutGaps() throws Exception {
        startServer(Clock.systemUTC(), Duration.ofHours(24));
        playTwoCalls();
        // Several attempts fail against nothing listening before the receiver comes up.
        await(() -> failedAttempts() >= 4);
        assertThat(receiver.deliveries()).isEmpty();

        receiver.up();

        await(() -> receiver.deliveries().size() == 11);
        assertSignedInOrderWithoutGaps(receiver.deliveries(), Map.of("s1", 7, "s2", 4));
        // The receiver has the last event before the dispatcher, reading its answer, marks it delivered.
        await(() -> store.webhooks()
                .deliveries(Optional.of(DeliveryStatus.PENDING), 100)
                .isEmpty());
        await(() -> outcomes.stream()
                        .filter(o -> o == WebhookMetrics.Outcome.DELIVERED)
                        .count()
                == 11);
        assertThat(outcomes)
                .contains(WebhookMetrics.Outcome.RETRIED)
                .doesNotContain(WebhookMetrics.Outcome.DEAD_LETTERED);
    }

    @Test
    void aServerRestartWhileTheReceiverIsDownLosesNothing() throws Exception {
        startServer(Clock.systemUTC(), Duration.ofHours(24));
        playTwoCalls();
        await(() -> pendingOrDone() == 11);
        stopServer();

        startServer(Clock.systemUTC(), Duration.ofHours(24));
        receiver.up();

        await(() -> receiver.deliveries().size() == 11);
        assertSignedInOrderWithoutGaps(receiver.deliveries(), Map.of("s1", 7, "s2", 4));
    }

    @Test
    void anEventStillRefusedAfterTheRetryWindowIsDeadLetteredAndTheCallGoesOn() throws Exception {
        MutableClock clock = new MutableClock(T0);
        receiver.status.set(500);
        receiver.up();
        startServer(clock, Duration.ofMinutes(1));
        recorder.record(new CallFact.CallStarted("s1", T0));
        await(() -> failedAttempts() >= 1);

        // Still refused at the end of the window: dead-lettered. The receiver then takes the call's next event.
        clock.advance(Duration.ofMinutes(1));
        await(() -> !store.webhooks()
                .deliveries(Optional.of(DeliveryStatus.DEAD), 10)
                .isEmpty());
        receiver.status.set(200);
        recorder.record(new CallFact.CallEnded("s1", T0, T0.plusSeconds(60), 1, LeaveReason.LEFT));
        await(() -> receiver.deliveries().size() == 1);

        WebhookDelivery dead = store.webhooks()
                .deliveries(Optional.of(DeliveryStatus.DEAD), 10)
                .getFirst();
        assertThat(dead.event().type()).isEqualTo("call.started");
        assertThat(dead.lastError()).contains("HTTP 500");
        assertThat(dead.attempts()).isGreaterThanOrEqualTo(2);
        JsonNode delivered = JSON.readTree(receiver.deliveries().getFirst().body());
        assertThat(delivered.get("type").asText()).isEqualTo("call.ended");
        assertThat(delivered.get("sequence").asLong()).isEqualTo(2);
        assertThat(outcomes).containsOnlyOnce(WebhookMetrics.Outcome.DEAD_LETTERED, WebhookMetrics.Outcome.DELIVERED);
    }

    private int failedAttempts() {
        return store.webhooks().deliveries(Optional.empty(), 100).stream()
                .mapToInt(WebhookDelivery::attempts)
                .sum();
    }

    private int pendingOrDone() {
        return store.webhooks().deliveries(Optional.empty(), 100).size();
    }

    static void assertSignedInOrderWithoutGaps(List<Receiver.Delivery> deliveries, Map<String, Integer> perCall)
            throws Exception {
        WebhookSignature signature = new WebhookSignature(SECRET);
        Map<String, List<Long>> sequences = new HashMap<>();
        for (Receiver.Delivery delivery : deliveries) {
            JsonNode body = JSON.readTree(delivery.body());
            assertThat(delivery.eventId()).isEqualTo(body.get("id").asText());
            String t = delivery.signature().substring(2, delivery.signature().indexOf(','));
            assertThat(delivery.signature()).isEqualTo(signature.header(Long.parseLong(t), delivery.body()));
            sequences
                    .computeIfAbsent(body.get("sessionId").asText(), s -> new ArrayList<>())
                    .add(body.get("sequence").asLong());
        }
        perCall.forEach((session, count) -> assertThat(sequences.get(session))
                .as(session)
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, count)
                        .boxed()
                        .toList()));
    }

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
