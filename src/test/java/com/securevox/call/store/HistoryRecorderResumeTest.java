package com.securevox.call.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.CallFact;
import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.LeaveReason;
import com.securevox.call.call.Participant;
import com.securevox.call.call.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A call taken over from a node that died: the recorder of the node that goes on with it continues the call's open
 * history rows (written by the dead node into the same database) instead of opening a second call. Run on both
 * databases: PostgreSQL is the one several nodes share, SQLite shows the rule does not depend on it.
 */
class HistoryRecorderResumeTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final ClientInfo CLIENT = new ClientInfo("websocket", "agent");

    @TempDir
    Path dir;

    private HistoryStore store;
    private String schema;
    private final AtomicInteger dropped = new AtomicInteger();

    private HistoryStore open(String database) {
        if (database.equals("sqlite")) {
            return HistoryStores.sqlite(dir.resolve("history.db"));
        }
        schema = PostgresHistoryStoreTest.newSchema("resume_");
        return PostgresHistoryStoreTest.openIn(schema);
    }

    @AfterEach
    void dispose() {
        if (store != null) {
            store.close();
        }
        if (schema != null) {
            PostgresHistoryStoreTest.admin("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private HistoryRecorder recorder() {
        HistoryRecorder recorder = new HistoryRecorder(store, dropped::addAndGet, 100, 64, Duration.ofMillis(200));
        recorder.start();
        return recorder;
    }

    private static Participant participant(String userId, Instant joinedAt) {
        return new Participant(userId, Role.PARTICIPANT, false, false, joinedAt, Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "sqlite"})
    void theOpenRowsAreContinuedAndClosedByTheFactsThatFollow(String database) {
        store = open(database);
        // The node that served the call first: alice, bob and carol joined; carol's leave died with that node.
        HistoryRecorder dead = recorder();
        dead.record(new CallFact.CallStarted("s1", T0, true));
        dead.record(new CallFact.ParticipantJoined("s1", participant("alice", T0), CLIENT, 1, T0));
        dead.record(new CallFact.ParticipantJoined(
                "s1", participant("bob", T0.plusSeconds(1)), CLIENT, 2, T0.plusSeconds(1)));
        dead.record(new CallFact.ParticipantJoined(
                "s1", participant("carol", T0.plusSeconds(2)), CLIENT, 3, T0.plusSeconds(2)));
        dead.close(Duration.ofSeconds(5));
        String callId = store.call("s1").orElseThrow().id();

        HistoryRecorder next = recorder();
        next.record(new CallFact.CallResumed(
                "s1",
                T0,
                T0.plusSeconds(20),
                List.of(participant("alice", T0), participant("bob", T0.plusSeconds(1))),
                true,
                3));
        next.record(new CallFact.ParticipantLeft("s1", "bob", LeaveReason.DISCONNECTED, T0.plusSeconds(30)));
        next.record(new CallFact.ParticipantLeft("s1", "alice", LeaveReason.LEFT, T0.plusSeconds(40)));
        next.record(new CallFact.CallEnded("s1", T0, T0.plusSeconds(40), 3, LeaveReason.LEFT));
        next.close(Duration.ofSeconds(5));

        assertThat(store.calls(CallQuery.all(10)).calls()).singleElement().satisfies(call -> {
            assertThat(call.id()).isEqualTo(callId);
            assertThat(call.endedAt()).contains(T0.plusSeconds(40));
            assertThat(call.durationSeconds()).contains(40L);
            assertThat(call.peakParticipants()).isEqualTo(3);
            assertThat(call.e2ee()).isTrue();
        });
        assertThat(store.call("s1").orElseThrow().participants())
                .extracting(p -> p.userId() + " " + p.leftAt().orElseThrow() + " "
                        + p.leaveReason().orElseThrow())
                .containsExactly(
                        "alice " + T0.plusSeconds(40) + " left",
                        "bob " + T0.plusSeconds(30) + " disconnected",
                        "carol " + T0.plusSeconds(20) + " disconnected");
        assertThat(dropped).hasValue(0);
    }

    /** An event as the webhook recorder writes it, with only what the history reads of it. */
    private static WebhookEvent event(long sequence, String type, Instant at, String data) {
        String id = "e" + sequence;
        String body = "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"createdAt\":\"" + at
                + "\",\"sessionId\":\"s1\",\"sequence\":" + sequence + ",\"data\":" + data + "}";
        return new WebhookEvent(id, "s1", sequence, type, at, body, T0);
    }

    private static WebhookEvent joined(long sequence, String userId, Instant at, int participants) {
        return event(
                sequence,
                "participant.joined",
                at,
                "{\"userId\":\"" + userId + "\",\"role\":\"participant\",\"audioMuted\":false,"
                        + "\"videoMuted\":false,\"participants\":" + participants + "}");
    }

    private static WebhookEvent left(long sequence, String userId, Instant at, String reason) {
        return event(sequence, "participant.left", at, "{\"userId\":\"" + userId + "\",\"reason\":\"" + reason + "\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "sqlite"})
    void theRowsTheDeadNodesWebhooksToldOfButItsHistoryLostAreWrittenFromTheOutbox(String database) {
        store = open(database);
        // The dead node's history got as far as carol's first join; its outbox further: carol left and came back,
        // dave joined. The state it kept in Redis has alice and carol.
        HistoryRecorder dead = recorder();
        dead.record(new CallFact.CallStarted("s1", T0, false));
        dead.record(new CallFact.ParticipantJoined("s1", participant("alice", T0), CLIENT, 1, T0));
        dead.record(new CallFact.ParticipantJoined(
                "s1", participant("carol", T0.plusSeconds(2)), CLIENT, 2, T0.plusSeconds(2)));
        dead.close(Duration.ofSeconds(5));
        Instant takeover = T0.plusSeconds(20);
        store.webhooks()
                .enqueue(List.of(
                        event(1, "call.started", T0, "{\"startedAt\":\"" + T0 + "\",\"e2ee\":false}"),
                        joined(2, "alice", T0, 1),
                        joined(3, "carol", T0.plusSeconds(2), 2),
                        left(4, "carol", T0.plusSeconds(4), "left"),
                        joined(5, "carol", T0.plusSeconds(5), 2),
                        joined(6, "dave", T0.plusSeconds(6), 3),
                        // The new node's, told at the takeover: not the dead node's to catch up with.
                        left(7, "dave", takeover, "disconnected")));

        HistoryRecorder next = recorder();
        next.record(new CallFact.CallResumed(
                "s1",
                T0,
                takeover,
                List.of(participant("alice", T0), participant("carol", T0.plusSeconds(5))),
                false,
                3));
        next.record(new CallFact.ParticipantLeft("s1", "carol", LeaveReason.DISCONNECTED, T0.plusSeconds(30)));
        next.record(new CallFact.ParticipantLeft("s1", "alice", LeaveReason.LEFT, T0.plusSeconds(40)));
        next.record(new CallFact.CallEnded("s1", T0, T0.plusSeconds(40), 3, LeaveReason.LEFT));
        next.close(Duration.ofSeconds(5));

        assertThat(store.calls(CallQuery.all(10)).calls()).hasSize(1);
        assertThat(store.call("s1").orElseThrow().participants())
                .extracting(p -> p.userId() + " " + p.joinedAt() + " "
                        + p.leftAt().orElseThrow() + " " + p.leaveReason().orElseThrow())
                .containsExactly(
                        "alice " + T0 + " " + T0.plusSeconds(40) + " left",
                        "carol " + T0.plusSeconds(2) + " " + T0.plusSeconds(4) + " left",
                        "carol " + T0.plusSeconds(5) + " " + T0.plusSeconds(30) + " disconnected",
                        "dave " + T0.plusSeconds(6) + " " + takeover + " disconnected");
        assertThat(dropped).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "sqlite"})
    void withoutAnOpenRowTheCallIsOpenedAsAStartWould(String database) {
        store = open(database);

        HistoryRecorder next = recorder();
        next.record(new CallFact.CallResumed(
                "s1",
                T0,
                T0.plusSeconds(20),
                List.of(participant("alice", T0), participant("bob", T0.plusSeconds(1))),
                false,
                2));
        next.record(new CallFact.ParticipantLeft("s1", "bob", LeaveReason.LEFT, T0.plusSeconds(30)));
        next.close(Duration.ofSeconds(5));

        CallRecord call = store.call("s1").orElseThrow();
        assertThat(call.startedAt()).isEqualTo(T0);
        assertThat(call.endedAt()).isEmpty();
        assertThat(call.participants())
                .extracting(ParticipantRecord::userId, ParticipantRecord::joinedAt, ParticipantRecord::transport)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("alice", T0, HistoryRecorder.UNKNOWN_TRANSPORT),
                        org.assertj.core.groups.Tuple.tuple(
                                "bob", T0.plusSeconds(1), HistoryRecorder.UNKNOWN_TRANSPORT));
        assertThat(call.participants().get(1).leaveReason()).contains("left");
        assertThat(call.participants().get(0).leftAt()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "sqlite"})
    void aCallThatMovedToAnotherNodeIsForgottenHereAndItsRowsStayOpenForThatNode(String database) {
        store = open(database);
        HistoryRecorder left = recorder();
        left.record(new CallFact.CallStarted("s1", T0, false));
        left.record(new CallFact.ParticipantJoined("s1", participant("alice", T0), CLIENT, 1, T0));
        assertThat(left.written(Duration.ofSeconds(10))).isTrue();
        assertThat(left.openCallCount()).as("the call and alice's row, open").isEqualTo(2);

        left.moved("s1");

        assertThat(left.written(Duration.ofSeconds(10))).isTrue();
        assertThat(left.openCallCount())
                .as("nothing kept of the call that moved")
                .isZero();
        // Nothing was closed: the node the call went on to continues the rows, and its end closes them.
        HistoryRecorder next = recorder();
        next.record(
                new CallFact.CallResumed("s1", T0, T0.plusSeconds(20), List.of(participant("alice", T0)), false, 1));
        next.record(new CallFact.ParticipantLeft("s1", "alice", LeaveReason.LEFT, T0.plusSeconds(30)));
        next.record(new CallFact.CallEnded("s1", T0, T0.plusSeconds(30), 1, LeaveReason.LEFT));
        next.close(Duration.ofSeconds(5));
        left.close(Duration.ofSeconds(5));
        assertThat(store.call("s1").orElseThrow().participants())
                .singleElement()
                .satisfies(p -> assertThat(p.transport()).isEqualTo("websocket"))
                .satisfies(p -> assertThat(p.leaveReason()).contains("left"));
        assertThat(dropped).hasValue(0);
    }

    @Test
    void aDatabaseDownWhileReadingHoldsTheCallsFactsUntilItIsBack() {
        HistoryRecorderTest.SwitchedStore switched = new HistoryRecorderTest.SwitchedStore(open("sqlite"));
        store = switched;
        switched.write(List.of(
                new HistoryWrite.CallOpened("c1", "s1", T0),
                new HistoryWrite.ParticipantOpened("p1", "c1", "alice", "participant", T0, "websocket", "a", 1)));
        switched.down.set(true);
        HistoryRecorder next = recorder();

        next.record(
                new CallFact.CallResumed("s1", T0, T0.plusSeconds(20), List.of(participant("alice", T0)), false, 1));
        next.record(new CallFact.ParticipantLeft("s1", "alice", LeaveReason.LEFT, T0.plusSeconds(30)));
        next.record(new CallFact.CallEnded("s1", T0, T0.plusSeconds(30), 1, LeaveReason.LEFT));
        await("the recorder to have asked the database twice", () -> switched.reads.get() >= 2);
        switched.down.set(false);
        next.close(Duration.ofSeconds(5));

        assertThat(store.calls(CallQuery.all(10)).calls()).singleElement().satisfies(call -> {
            assertThat(call.id()).isEqualTo("c1");
            assertThat(call.endedAt()).contains(T0.plusSeconds(30));
        });
        assertThat(dropped).hasValue(0);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(5_000_000);
        }
    }
}
