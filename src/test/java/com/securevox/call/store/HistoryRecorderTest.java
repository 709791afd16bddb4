package com.securevox.call.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.CallFact;
import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.LeaveReason;
import com.securevox.call.call.Participant;
import com.securevox.call.call.Role;
import com.securevox.call.media.MediaMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder over a real SQLite store. The database "going away" is a switch in front of it, so retries and drops
 * can be driven exactly; the real outage (PostgreSQL refusing connections) is in HistoryIT.
 */
class HistoryRecorderTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final ClientInfo CLIENT = new ClientInfo("websocket", "agent");

    @TempDir
    Path dir;

    private SwitchedStore store;
    private final AtomicInteger droppedMetric = new AtomicInteger();
    private HistoryRecorder recorder;

    /** A real store that refuses every write while the database is "down". */
    static final class SwitchedStore implements HistoryStore {
        final HistoryStore real;
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger reads = new AtomicInteger();
        /** System.nanoTime() of the first write attempt, 0 before it. */
        final java.util.concurrent.atomic.AtomicLong firstAttempt = new java.util.concurrent.atomic.AtomicLong();

        SwitchedStore(HistoryStore real) {
            this.real = real;
        }

        @Override
        public void write(List<HistoryWrite> batch) {
            attempts.incrementAndGet();
            firstAttempt.compareAndSet(0, System.nanoTime());
            if (down.get()) {
                throw new HistoryStoreException("database down", null);
            }
            real.write(batch);
        }

        @Override
        public Optional<OpenCall> openCall(String sessionId, Instant startedAt) {
            reads.incrementAndGet();
            if (down.get()) {
                throw new HistoryStoreException("database down", null);
            }
            return real.openCall(sessionId, startedAt);
        }

        @Override
        public CallPage calls(CallQuery query) {
            return real.calls(query);
        }

        @Override
        public Optional<CallRecord> call(String sessionId) {
            return real.call(sessionId);
        }

        @Override
        public WebhookOutbox webhooks() {
            return real.webhooks();
        }

        @Override
        public com.securevox.call.recording.RecordingCatalog recordings(
                java.time.Clock clock, Optional<RecordingAnnouncer> webhooks, RecordingNode node) {
            return real.recordings(clock, webhooks, node);
        }

        @Override
        public com.securevox.call.push.DeviceRegistry devices(java.time.Clock clock) {
            return real.devices(clock);
        }

        @Override
        public com.securevox.call.quality.QualityStore quality() {
            return real.quality();
        }

        @Override
        public com.securevox.call.admin.AdminSessionStore adminSessions() {
            return real.adminSessions();
        }

        @Override
        public com.securevox.call.quality.TimelineStore timeline() {
            return real.timeline();
        }

        @Override
        public String describe() {
            return real.describe();
        }

        @Override
        public void close() {
            real.close();
        }
    }

    private void start(int capacity) {
        store = new SwitchedStore(HistoryStores.sqlite(dir.resolve("history.db")));
        recorder = new HistoryRecorder(store, droppedMetric::addAndGet, capacity, 64, Duration.ofMillis(200));
    }

    @AfterEach
    void stop() {
        if (recorder != null) {
            recorder.close(Duration.ofSeconds(5));
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aRingLandsBeforeItsCallAndItsCallShowsIt() {
        start(100);
        recorder.start();
        java.util.UUID ringId = java.util.UUID.randomUUID();
        Instant t0 = T0.minusSeconds(5);

        recorder.record(new com.securevox.call.ring.RingFact.Invited(
                "s1",
                ringId,
                "alice",
                com.securevox.call.ring.PushRing.Media.AUDIO,
                List.of(new com.securevox.call.ring.RingAnswers.InviteeState(
                        "bob", com.securevox.call.ring.InviteState.RINGING)),
                t0.plusSeconds(45),
                t0));
        recorder.record(new com.securevox.call.ring.RingFact.Decided(
                "s1", ringId, "bob", com.securevox.call.ring.InviteState.ACCEPTED, t0.plusSeconds(3)));
        recorder.record(new com.securevox.call.ring.RingFact.Over("s1", ringId, true, t0.plusSeconds(3)));
        recordCall("s1");

        await(
                "the call to end in the store",
                () -> store.call("s1").flatMap(CallRecord::endedAt).isPresent());
        RingRecord ring = store.call("s1").orElseThrow().ring().orElseThrow();
        assertThat(ring.ringId()).isEqualTo(ringId.toString());
        assertThat(ring.from()).isEqualTo("alice");
        assertThat(ring.media()).isEqualTo("audio");
        assertThat(ring.createdAt()).isEqualTo(t0);
        assertThat(ring.endedAt()).contains(t0.plusSeconds(3));
        assertThat(ring.invitees())
                .containsExactly(new RingRecord.Invitee("bob", "accepted", Optional.of(t0.plusSeconds(3))));
        assertThat(recorder.dropped()).isZero();
    }

    @Test
    void factsGatherForTheLingerBeforeTheyAreWritten() {
        start(100);
        recorder.start();
        long recorded = System.nanoTime();
        recordCall("s1");

        await(
                "the call to end in the store",
                () -> store.call("s1").flatMap(CallRecord::endedAt).isPresent());
        assertThat(Duration.ofNanos(store.firstAttempt.get() - recorded))
                .as("the first write waited for more facts")
                .isGreaterThanOrEqualTo(HistoryRecorder.LINGER);
    }

    @Test
    void writtenSaysWhenEverythingRecordedBeforeIsInTheStore() {
        start(100);
        recorder.start();
        store.down.set(true);
        recordCall("s1");

        assertThat(recorder.written(Duration.ofMillis(300)))
                .as("not while the database is down")
                .isFalse();
        store.down.set(false);

        assertThat(recorder.written(Duration.ofSeconds(10))).isTrue();
        assertThat(store.call("s1").flatMap(CallRecord::endedAt))
                .as("written by then")
                .isPresent();
        assertThat(recorder.written(Duration.ofSeconds(10)))
                .as("with nothing queued")
                .isTrue();
        assertThat(recorder.dropped()).isZero();
    }

    @Test
    void aWholeCallLandsWithItsSessions() {
        start(100);
        recorder.start();

        recordCall("s1");

        await(
                "the call to end in the store",
                () -> store.call("s1").flatMap(CallRecord::endedAt).isPresent());
        CallRecord call = store.call("s1").orElseThrow();
        assertThat(call.peakParticipants()).isEqualTo(2);
        assertThat(call.durationSeconds()).contains(60L);
        assertThat(call.endReason()).contains("left");
        assertThat(call.participants())
                .extracting(ParticipantRecord::userId, p -> p.leaveReason().orElseThrow())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("alice", "left"),
                        org.assertj.core.groups.Tuple.tuple("bob", "disconnected"));
        assertThat(recorder.dropped()).isZero();
    }

    @Test
    void aCallThatUsedTheSfuIsAnSfuCallEvenIfItEndedOnTheMeshAndTheNextCallOfItsSessionStartsOnTheMesh() {
        start(100);
        recorder.start();

        recorder.mediaChanged("s1", MediaMode.SFU); // before any call of s1: nothing to place it on
        recorder.record(new CallFact.CallStarted("s1", T0));
        recorder.record(joined("s1", "alice", 1, T0));
        recorder.mediaChanged("s1", MediaMode.SFU);
        recorder.mediaChanged("s1", MediaMode.MESH);
        recorder.record(new CallFact.ParticipantLeft("s1", "alice", LeaveReason.LEFT, T0.plusSeconds(10)));
        recorder.record(new CallFact.CallEnded("s1", T0, T0.plusSeconds(10), 1, LeaveReason.LEFT));
        // The media side may tell its last change after the registry ended the call: ignored.
        recorder.mediaChanged("s1", MediaMode.MESH);
        recordCall("s1");
        recorder.mediaChanged("s1", MediaMode.SFU);

        await(
                "both calls to end in the store",
                () -> store.calls(CallQuery.all(10)).calls().stream()
                                .filter(call -> call.endedAt().isPresent())
                                .count()
                        == 2);
        recorder.close(Duration.ofSeconds(5)); // writes the last change, after the second call's end
        // Both start at T0: told apart by who took part (alice alone in the first, alice and bob in the second).
        assertThat(store.calls(CallQuery.all(10)).calls())
                .extracting(call -> call.participants().size(), CallRecord::media)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(1, "sfu"), org.assertj.core.groups.Tuple.tuple(2, "mesh"));
        assertThat(recorder.dropped()).as("ignored changes are no drops").isZero();
    }

    @Test
    void whileTheDatabaseIsDownTheBatchIsRetriedAndLandsWhenItReturns() {
        start(100);
        store.down.set(true);
        recorder.start();

        recordCall("s1");
        await("a few failed attempts", () -> store.attempts.get() >= 3);
        assertThat(store.call("s1")).isEmpty();
        assertThat(recorder.failedWrites())
                .as("what /health shows while the database is down")
                .isPositive();

        store.down.set(false);

        await(
                "the call to land",
                () -> store.call("s1").flatMap(CallRecord::endedAt).isPresent());
        await("the failures forgotten", () -> recorder.failedWrites() == 0);
        assertThat(store.call("s1").orElseThrow().participants()).hasSize(2);
        assertThat(recorder.dropped()).isZero();
        assertThat(droppedMetric).hasValue(0);
    }

    @Test
    void aFullQueueDropsAndCountsAndWhatDependsOnADroppedStartIsDroppedToo() {
        start(2);
        // Not started: nothing drains the queue, so the third fact does not fit.
        recorder.record(new CallFact.CallStarted("s1", T0));
        recorder.record(joined("s1", "alice", 1, T0));
        recorder.record(joined("s1", "bob", 2, T0)); // dropped: queue full
        assertThat(recorder.dropped()).isEqualTo(1);
        assertThat(droppedMetric).hasValue(1);

        recorder.start();
        // bob's session was never opened, so his leave cannot be recorded: dropped and counted as well.
        for (CallFact fact : List.<CallFact>of(
                new CallFact.ParticipantLeft("s1", "bob", LeaveReason.LEFT, T0.plusSeconds(5)),
                new CallFact.ParticipantLeft("s1", "alice", LeaveReason.LEFT, T0.plusSeconds(9)),
                new CallFact.CallEnded("s1", T0, T0.plusSeconds(9), 2, LeaveReason.LEFT))) {
            await("room in the queue", () -> recorder.queued() == 0);
            recorder.record(fact);
        }

        await(
                "the call to end",
                () -> store.call("s1").flatMap(CallRecord::endedAt).isPresent());
        assertThat(store.call("s1").orElseThrow().participants())
                .extracting(ParticipantRecord::userId)
                .containsExactly("alice");
        assertThat(recorder.dropped()).isEqualTo(2);
        assertThat(droppedMetric).hasValue(2);
    }

    @Test
    void closeFlushesWhatIsQueued() {
        start(1000);
        recorder.start();
        for (int i = 0; i < 50; i++) {
            recordCall("s" + i);
        }

        recorder.close(Duration.ofSeconds(10));

        assertThat(store.calls(CallQuery.all(200)).calls()).hasSize(50);
        assertThat(recorder.dropped()).isZero();
        // After close nothing is accepted any more; it is counted, not lost silently.
        recorder.record(new CallFact.CallStarted("late", T0));
        assertThat(recorder.dropped()).isEqualTo(1);
    }

    @Test
    void closeWithTheDatabaseStillDownGivesUpAfterItsTimeoutAndCountsEverything() {
        start(100);
        store.down.set(true);
        recorder.start();
        recordCall("s1");
        await("a failed attempt", () -> store.attempts.get() >= 1);

        long begin = System.nanoTime();
        recorder.close(Duration.ofMillis(500));

        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));
        assertThat(recorder.dropped()).as("the six facts of the call").isEqualTo(6);
        assertThat(droppedMetric).hasValue(6);
    }

    private void recordCall(String sessionId) {
        recorder.record(new CallFact.CallStarted(sessionId, T0));
        recorder.record(joined(sessionId, "alice", 1, T0));
        recorder.record(joined(sessionId, "bob", 2, T0.plusSeconds(1)));
        recorder.record(new CallFact.ParticipantLeft(sessionId, "bob", LeaveReason.DISCONNECTED, T0.plusSeconds(30)));
        recorder.record(new CallFact.ParticipantLeft(sessionId, "alice", LeaveReason.LEFT, T0.plusSeconds(60)));
        recorder.record(new CallFact.CallEnded(sessionId, T0, T0.plusSeconds(60), 2, LeaveReason.LEFT));
    }

    private static CallFact.ParticipantJoined joined(String sessionId, String userId, int participants, Instant at) {
        return new CallFact.ParticipantJoined(
                sessionId,
                new Participant(userId, Role.PARTICIPANT, false, false, at, Optional.empty()),
                CLIENT,
                participants,
                at);
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
