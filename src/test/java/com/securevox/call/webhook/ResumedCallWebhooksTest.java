package com.securevox.call.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.call.CallFact;
import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.LeaveReason;
import com.securevox.call.call.Participant;
import com.securevox.call.call.Role;
import com.securevox.call.ring.InviteState;
import com.securevox.call.ring.PushRing;
import com.securevox.call.ring.RingAnswers.InviteeState;
import com.securevox.call.ring.RingFact;
import com.securevox.call.store.CallSequence;
import com.securevox.call.store.DeliveryStatus;
import com.securevox.call.store.HistoryStore;
import com.securevox.call.store.HistoryStoreException;
import com.securevox.call.store.HistoryStores;
import com.securevox.call.store.ParticipantRecord;
import com.securevox.call.store.RecordingOutcome;
import com.securevox.call.store.WebhookDelivery;
import com.securevox.call.store.WebhookEvent;
import com.securevox.call.store.WebhookOutbox;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A call taken over from a node that died: the node that goes on with it sends no second {@code call.started} or
 * {@code participant.joined}, and numbers the call's next events after the last one the outbox holds. On PostgreSQL,
 * which nodes share, and SQLite.
 */
class ResumedCallWebhooksTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();
    static final ClientInfo CLIENT = new ClientInfo("websocket", "agent");
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String USER = System.getProperty("securevox.pg.user", "postgres");

    @TempDir
    Path dir;

    private HistoryStore store;
    private String schema;

    private HistoryStore open(String database) {
        if (database.equals("sqlite")) {
            return HistoryStores.sqlite(dir.resolve("history.db"));
        }
        schema = "resumed_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        admin("CREATE SCHEMA " + schema);
        return HistoryStores.postgres(ADMIN_URL + "?currentSchema=" + schema, USER, "", "postgres test " + schema);
    }

    @AfterEach
    void dispose() {
        if (store != null) {
            store.close();
        }
        if (schema != null) {
            admin("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private WebhookRecorder recorder() {
        WebhookRecorder recorder = new WebhookRecorder(store.webhooks(), JSON, 100, () -> {});
        recorder.start();
        return recorder;
    }

    private static Participant participant(String userId, Instant joinedAt) {
        return new Participant(userId, Role.PARTICIPANT, false, false, joinedAt, Optional.empty());
    }

    private static CallFact.CallResumed resumed() {
        return new CallFact.CallResumed(
                "s1",
                T0,
                T0.plusSeconds(20),
                List.of(participant("alice", T0), participant("bob", T0.plusSeconds(1))),
                false,
                2);
    }

    /** Before the takeover: the call starts, alice and bob join. */
    private static void startsWithAliceAndBob(WebhookRecorder first) {
        first.record(new CallFact.CallStarted("s1", T0));
        first.record(new CallFact.ParticipantJoined("s1", participant("alice", T0), CLIENT, 1, T0));
        first.record(new CallFact.ParticipantJoined(
                "s1", participant("bob", T0.plusSeconds(1)), CLIENT, 2, T0.plusSeconds(1)));
    }

    /** After the takeover: bob never comes back, alice leaves, the call ends. */
    private static void goesOnAndEnds(WebhookRecorder next) {
        next.record(resumed());
        next.record(new CallFact.ParticipantLeft("s1", "bob", LeaveReason.DISCONNECTED, T0.plusSeconds(30)));
        next.record(new CallFact.ParticipantLeft("s1", "alice", LeaveReason.LEFT, T0.plusSeconds(40)));
        next.record(new CallFact.CallEnded("s1", T0, T0.plusSeconds(40), 2, LeaveReason.LEFT));
        next.close(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "sqlite"})
    void theNumberingContinuesAfterTheDeadNodesLastEventWithNoSecondStart(String database) throws Exception {
        store = open(database);
        WebhookRecorder dead = recorder();
        startsWithAliceAndBob(dead);
        dead.close(Duration.ofSeconds(5));

        goesOnAndEnds(recorder());

        List<WebhookEvent> events = events();
        assertThat(events)
                .extracting(WebhookEvent::type)
                .containsExactly(
                        "call.started",
                        "participant.joined",
                        "participant.joined",
                        "participant.left",
                        "participant.left",
                        "call.ended");
        assertThat(events).extracting(WebhookEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(events).extracting(WebhookEvent::callStartedAt).containsOnly(T0);
        assertThat(JSON.readTree(events.getLast().body())
                        .get("data")
                        .get("participants")
                        .toString())
                .isEqualTo("[\"alice\",\"bob\"]");
    }

    /** A draining node's hand-off waits for this before the next node may number on. */
    @Test
    void writtenSaysWhenEverythingRecordedBeforeIsInTheOutbox() {
        store = open("sqlite");
        WebhookRecorder draining = recorder();
        draining.record(new CallFact.CallStarted("s1", T0));
        draining.record(new CallFact.ParticipantJoined("s1", participant("alice", T0), CLIENT, 1, T0));

        assertThat(draining.written(Duration.ofSeconds(10))).isTrue();

        assertThat(events()).extracting(WebhookEvent::sequence).containsExactly(1L, 2L);
        assertThat(draining.written(Duration.ofSeconds(10)))
                .as("with nothing queued")
                .isTrue();
        draining.close(Duration.ofSeconds(5));
        assertThat(draining.written(Duration.ofMillis(100))).as("once closed").isFalse();
    }

    /** A node that let a call go, or handed it over, keeps nothing of its numbering: the next node numbers on. */
    @ParameterizedTest
    @ValueSource(strings = {"postgres", "sqlite"})
    void aCallThatMovedToAnotherNodeIsForgottenHereAndNumberedOnThere(String database) {
        store = open(database);
        WebhookRecorder left = recorder();
        startsWithAliceAndBob(left);
        assertThat(left.written(Duration.ofSeconds(10))).isTrue();
        assertThat(left.numbered()).isEqualTo(1);

        left.moved("s1");

        assertThat(left.written(Duration.ofSeconds(10))).isTrue();
        assertThat(left.numbered()).as("nothing kept of the call that moved").isZero();
        goesOnAndEnds(recorder());
        left.close(Duration.ofSeconds(5));
        assertThat(events()).extracting(WebhookEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "sqlite"})
    void aRungCallContinuesItsRingsNumbering(String database) {
        store = open(database);
        WebhookRecorder dead = recorder();
        UUID ring = UUID.randomUUID();
        Instant rungAt = T0.minusSeconds(5);
        dead.record(new RingFact.Invited(
                "s1",
                ring,
                "alice",
                PushRing.Media.AUDIO,
                List.of(new InviteeState("bob", InviteState.RINGING)),
                rungAt.plusSeconds(45),
                rungAt));
        dead.record(new CallFact.CallStarted("s1", T0));
        dead.close(Duration.ofSeconds(5));

        goesOnAndEnds(recorder());

        // The outbox has nobody in the call: the takeover tells alice's and bob's joins, which the state holds.
        assertThat(events())
                .extracting(e -> e.sequence() + " " + e.type())
                .containsExactly(
                        "1 call.invited",
                        "2 call.started",
                        "3 participant.joined",
                        "4 participant.joined",
                        "5 participant.left",
                        "6 participant.left",
                        "7 call.ended");
        assertThat(events()).extracting(WebhookEvent::callStartedAt).containsOnly(rungAt);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "sqlite"})
    void withNothingInTheOutboxTheCallIsToldFromItsStartNumberedFromOne(String database) {
        store = open(database);

        goesOnAndEnds(recorder());

        // The dead node wrote none of its events: the state it kept tells the call's start and who is in it.
        assertThat(events())
                .extracting(WebhookEvent::type)
                .containsExactly(
                        "call.started",
                        "participant.joined",
                        "participant.joined",
                        "participant.left",
                        "participant.left",
                        "call.ended");
        assertThat(events()).extracting(WebhookEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    /** The store's outbox, whose reads of a call's numbering fail while {@code down}. */
    private static final class FailingReads implements WebhookOutbox {
        final WebhookOutbox real;
        final AtomicBoolean down = new AtomicBoolean(true);
        final AtomicInteger failedReads = new AtomicInteger();

        FailingReads(WebhookOutbox real) {
            this.real = real;
        }

        @Override
        public boolean leads() {
            return real.leads();
        }

        @Override
        public Optional<CallSequence> lastOfCall(String sessionId, Instant at) {
            if (down.get()) {
                failedReads.incrementAndGet();
                throw new HistoryStoreException("database down", null);
            }
            return real.lastOfCall(sessionId, at);
        }

        @Override
        public List<String> participation(String sessionId, Instant callStartedAt) {
            return real.participation(sessionId, callStartedAt);
        }

        @Override
        public List<ParticipantRecord> historyRows(String sessionId, Instant startedAt) {
            return real.historyRows(sessionId, startedAt);
        }

        @Override
        public void enqueue(List<WebhookEvent> events) {
            real.enqueue(events);
        }

        @Override
        public boolean enqueue(WebhookEvent event, RecordingOutcome outcome) {
            return real.enqueue(event, outcome);
        }

        @Override
        public List<WebhookDelivery> due(Instant now, int limit) {
            return real.due(now, limit);
        }

        @Override
        public void delivered(String id, Instant at) {
            real.delivered(id, at);
        }

        @Override
        public void failed(String id, Instant at, Instant nextAttempt, String error) {
            real.failed(id, at, nextAttempt, error);
        }

        @Override
        public void deadLettered(String id, Instant at, String error) {
            real.deadLettered(id, at, error);
        }

        @Override
        public List<WebhookDelivery> deliveries(Optional<DeliveryStatus> status, int limit) {
            return real.deliveries(status, limit);
        }

        @Override
        public boolean retry(String id, Instant now) {
            return real.retry(id, now);
        }
    }

    @Test
    void aNumberingThatCannotBeReadYetIsAskedAgainNotGuessed() {
        store = open("sqlite");
        WebhookRecorder dead = recorder();
        dead.record(new CallFact.CallStarted("s1", T0));
        dead.close(Duration.ofSeconds(5));
        FailingReads outbox = new FailingReads(store.webhooks());
        WebhookRecorder next = new WebhookRecorder(outbox, JSON, 100, () -> {});
        next.start();

        next.record(resumed());
        next.record(new CallFact.ParticipantLeft("s1", "bob", LeaveReason.DISCONNECTED, T0.plusSeconds(30)));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (outbox.failedReads.get() < 2 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        assertThat(outbox.failedReads.get())
                .as("reads tried while the database was down")
                .isGreaterThanOrEqualTo(2);
        outbox.down.set(false);
        next.close(Duration.ofSeconds(5));

        assertThat(events()).extracting(WebhookEvent::sequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(events())
                .extracting(WebhookEvent::type)
                .containsExactly("call.started", "participant.joined", "participant.joined", "participant.left");
    }

    /** The outbox's events in the order they will be delivered. */
    private List<WebhookEvent> events() {
        return store.webhooks().deliveries(Optional.empty(), 100).reversed().stream()
                .map(WebhookDelivery::event)
                .toList();
    }

    private static void admin(String sql) {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
