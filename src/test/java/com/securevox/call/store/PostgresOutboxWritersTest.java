package com.securevox.call.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several nodes appending to the one outbox of a shared PostgreSQL at the same time, each with a pool of its own as
 * a node has: every event lands, at a position after every event its node appended before, and no append fails (a
 * failed append would cost a retry pause, and a recording's announcement has none), but for one of a call that
 * another node numbered past it meanwhile, which is refused with that number so the event is numbered on: each call's
 * numbers then come gap-free and in the order they leave.
 */
class PostgresOutboxWritersTest {
    private static final int WRITERS = 3;
    private static final int BATCHES = 60;
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final String schema = "outbox_"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    private final List<HistoryStore> nodes = new ArrayList<>();

    @BeforeEach
    void openNodes() {
        PostgresHistoryStoreTest.admin("CREATE SCHEMA " + schema);
        for (int i = 0; i < WRITERS; i++) {
            nodes.add(HistoryStores.postgres(
                    PostgresHistoryStoreTest.ADMIN_URL + "?currentSchema=" + schema,
                    PostgresHistoryStoreTest.USER,
                    "",
                    "postgres node " + i + " " + schema));
        }
    }

    @AfterEach
    void closeNodes() {
        nodes.forEach(HistoryStore::close);
        PostgresHistoryStoreTest.admin("DROP SCHEMA " + schema + " CASCADE");
    }

    @Test
    void nodesAppendingAtOnceLoseNothingKeepTheirOrderAndNeverFail() throws InterruptedException {
        String shared = "shared-" + UUID.randomUUID();
        AtomicLong refused = new AtomicLong();
        Map<Integer, List<String>> appended = new ConcurrentHashMap<>();
        Map<Integer, Throwable> failures = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            WebhookOutbox outbox = nodes.get(w).webhooks();
            String own = "own-" + w + "-" + UUID.randomUUID();
            List<String> ids = new ArrayList<>();
            appended.put(writer, ids);
            writers.add(Thread.ofPlatform().name("outbox-writer-" + w).start(() -> {
                try {
                    start.await();
                    long ownSequence = 0;
                    long sharedNext = 1;
                    for (int b = 0; b < BATCHES; b++) {
                        List<WebhookEvent> batch = new ArrayList<>();
                        for (int e = 0; e <= b % 3; e++) {
                            batch.add(event(own, ++ownSequence));
                        }
                        // The same call numbered on every node at once (as while it moves between nodes): a number
                        // another node wrote first is refused, and the event numbered on after it, as the webhook
                        // recorder does.
                        batch.add(event(shared, sharedNext));
                        while (true) {
                            try {
                                outbox.enqueue(batch);
                                break;
                            } catch (SequenceTakenException taken) {
                                refused.incrementAndGet();
                                batch.set(
                                        batch.size() - 1,
                                        event(shared, taken.taken().last() + 1));
                            }
                        }
                        sharedNext = batch.getLast().sequence() + 1;
                        batch.forEach(event -> ids.add(event.id()));
                    }
                } catch (Throwable t) {
                    failures.put(writer, t);
                }
            }));
        }
        start.countDown();
        for (Thread writer : writers) {
            assertThat(writer.join(Duration.ofSeconds(60)))
                    .as(writer.getName() + " finished")
                    .isTrue();
        }

        assertThat(failures).as("failed appends").isEmpty();
        int total = appended.values().stream().mapToInt(List::size).sum();
        // Newest first: reversed, the outbox's own order (by position).
        List<WebhookEvent> stored =
                new ArrayList<>(nodes.getFirst().webhooks().deliveries(Optional.empty(), total + 10).stream()
                        .map(WebhookDelivery::event)
                        .toList()
                        .reversed());
        assertThat(stored).as("every appended event, once").hasSize(total);
        List<String> storedIds = stored.stream().map(WebhookEvent::id).toList();
        for (Map.Entry<Integer, List<String>> writer : appended.entrySet()) {
            List<String> inOutboxOrder =
                    storedIds.stream().filter(writer.getValue()::contains).toList();
            assertThat(inOutboxOrder)
                    .as("node " + writer.getKey() + "'s events in the order it appended them")
                    .isEqualTo(writer.getValue());
        }
        Map<String, List<Long>> sequences = stored.stream()
                .collect(Collectors.groupingBy(
                        WebhookEvent::sessionId, Collectors.mapping(WebhookEvent::sequence, Collectors.toList())));
        assertThat(sequences).hasSize(WRITERS + 1);
        sequences.forEach((call, numbers) -> {
            List<Long> expected =
                    LongStream.rangeClosed(1, numbers.size()).boxed().toList();
            assertThat(numbers)
                    .as("call " + call + "'s numbers, gap-free and in order")
                    .isEqualTo(expected);
        });
        assertThat(refused).as("numbers another node had written first").hasPositiveValue();
    }

    private static WebhookEvent event(String sessionId, long sequence) {
        Instant at = T0.plusMillis(sequence);
        return new WebhookEvent(
                UUID.randomUUID().toString(),
                sessionId,
                sequence,
                "participant.updated",
                at,
                "{\"sequence\":" + sequence + "}",
                T0);
    }
}
