package com.securevox.call.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.call.CallFact;
import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.LeaveReason;
import com.securevox.call.call.Participant;
import com.securevox.call.call.Role;
import com.securevox.call.recording.RecordingCatalog;
import com.securevox.call.recording.RecordingFile;
import com.securevox.call.recording.RecordingId;
import com.securevox.call.ring.InviteState;
import com.securevox.call.ring.PushRing;
import com.securevox.call.ring.RingAnswers.InviteeState;
import com.securevox.call.ring.RingFact;
import com.securevox.call.store.HistoryStore;
import com.securevox.call.store.RecordingAnnouncer;
import com.securevox.call.store.RecordingNode;
import com.securevox.call.store.WebhookDelivery;
import com.securevox.call.store.WebhookEvent;
import com.securevox.call.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A recording's {@code recording.ready} and {@code recording.failed} continue its call's numbering in the ordered
 * stream, whenever they come: during the call, after {@code call.ended}, after a restart, after the session id was
 * used again. Run against every database.
 */
abstract class RecordingWebhooksContract {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();
    static final ClientInfo CLIENT = new ClientInfo("websocket", "agent");
    static final RecordingFile ALICE =
            new RecordingFile("participant-1.webm", "alice", Duration.ZERO, Duration.ofSeconds(60), true, false, 42);

    final MutableClock clock = new MutableClock(T0);
    HistoryStore store;
    WebhookRecorder recorder;
    RecordingCatalog catalog;

    /** A store on a fresh, empty database. */
    abstract HistoryStore open();

    /** Closes the store and removes its database. */
    abstract void dispose();

    @BeforeEach
    void start() {
        store = open();
        startRecorder();
    }

    @AfterEach
    void stop() {
        recorder.close();
        dispose();
    }

    /** A recorder with no memory of calls, as after a restart. */
    private void startRecorder() {
        recorder = new WebhookRecorder(store.webhooks(), JSON, 100, () -> {});
        recorder.start();
        catalog = store.recordings(clock, Optional.<RecordingAnnouncer>of(recorder), RecordingNode.alone("n1"));
    }

    @Test
    void aRecordingReadyAfterItsCallEndedComesAfterCallEndedWithTheNextNumber() throws Exception {
        RecordingId id = RecordingId.random();
        recorder.record(new CallFact.CallStarted("s1", T0));
        recorder.record(joined("alice", T0));
        catalog.started(id, "s1", "alice", T0.plusSeconds(1));
        recorder.record(new CallFact.ParticipantLeft("s1", "alice", LeaveReason.LEFT, T0.plusSeconds(60)));
        recorder.record(new CallFact.CallEnded("s1", T0, T0.plusSeconds(60), 1, LeaveReason.LEFT));
        catalog.processing(id, T0.plusSeconds(60));
        clock.advance(Duration.ofSeconds(90));

        catalog.ready(id, List.of(ALICE), false, null);

        List<WebhookEvent> events = events();
        assertThat(events)
                .extracting(WebhookEvent::type)
                .containsExactly(
                        "call.started", "participant.joined", "participant.left", "call.ended", "recording.ready");
        assertThat(events).extracting(WebhookEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
        JsonNode body = JSON.readTree(events.getLast().body());
        assertThat(body.get("sequence").asLong()).isEqualTo(5);
        assertThat(body.get("sessionId").asText()).isEqualTo("s1");
        assertThat(body.get("createdAt").asText()).isEqualTo("2026-03-01T10:01:30Z");
        JsonNode data = body.get("data");
        assertThat(data.get("recordingId").asText()).isEqualTo(id.value());
        assertThat(data.get("startedBy").asText()).isEqualTo("alice");
        assertThat(data.get("startedAt").asText()).isEqualTo("2026-03-01T10:00:01Z");
        assertThat(data.get("endedAt").asText()).isEqualTo("2026-03-01T10:01:00Z");
        assertThat(data.get("partial").asBoolean()).isFalse();
        assertThat(data.get("lost").isNull()).isTrue();
        JsonNode file = data.get("files").get(0);
        assertThat(file.get("name").asText()).isEqualTo("participant-1.webm");
        assertThat(file.get("userId").asText()).isEqualTo("alice");
        assertThat(file.get("startOffsetMs").asLong()).isZero();
        assertThat(file.get("durationMs").asLong()).isEqualTo(60_000);
        assertThat(file.get("audio").asBoolean()).isTrue();
        assertThat(file.get("video").asBoolean()).isFalse();
        assertThat(file.get("bytes").asLong()).isEqualTo(42);
        assertThat(file.get("source").asText()).isEqualTo("camera");
        assertThat(file.get("pieces").toString()).isEqualTo("[{\"startOffsetMs\":0,\"durationMs\":60000}]");
    }

    @Test
    void aRecordingStoppedMidCallTakesTheNextNumberAndTheCallGoesOnAfterIt() throws Exception {
        RecordingId id = RecordingId.random();
        recorder.record(new CallFact.CallStarted("s1", T0));
        recorder.record(joined("alice", T0));
        catalog.started(id, "s1", "api", T0.plusSeconds(1));
        catalog.failed(id, "janus could not write the streams");
        recorder.record(joined("bob", T0.plusSeconds(5)));
        recorder.record(new CallFact.CallEnded("s1", T0, T0.plusSeconds(60), 2, LeaveReason.LEFT));

        List<WebhookEvent> events = awaitEvents(5);
        assertThat(events)
                .extracting(WebhookEvent::type)
                .containsExactly(
                        "call.started", "participant.joined", "recording.failed", "participant.joined", "call.ended");
        assertThat(events).extracting(WebhookEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
        JsonNode data = JSON.readTree(events.get(2).body()).get("data");
        assertThat(data.get("reason").asText()).isEqualTo("janus could not write the streams");
        assertThat(data.has("files")).isFalse();
    }

    @Test
    void afterARestartAndASessionIdUsedAgainARecordingContinuesItsOwnCall() {
        RecordingId first = RecordingId.random();
        RecordingId second = RecordingId.random();
        RecordingId later = RecordingId.random();
        recorder.record(new CallFact.CallStarted("s1", T0));
        catalog.started(first, "s1", "alice", T0.plusSeconds(1));
        catalog.started(second, "s1", "alice", T0.plusSeconds(2));
        recorder.record(new CallFact.CallEnded("s1", T0, T0.plusSeconds(60), 1, LeaveReason.LEFT));
        awaitEvents(2);
        recorder.close();
        startRecorder();

        Instant again = T0.plusSeconds(100);
        recorder.record(new CallFact.CallStarted("s1", again));
        catalog.started(later, "s1", "bob", again.plusSeconds(1));
        catalog.ready(first, List.of(ALICE), false, null);
        catalog.ready(later, List.of(ALICE), false, null);
        catalog.failed(second, "nothing playable");
        recorder.record(new CallFact.CallEnded("s1", again, again.plusSeconds(60), 1, LeaveReason.LEFT));

        List<WebhookEvent> events = awaitEvents(7);
        assertThat(events)
                .extracting(WebhookEvent::type, WebhookEvent::sequence, WebhookEvent::callStartedAt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("call.started", 1L, T0),
                        org.assertj.core.groups.Tuple.tuple("call.ended", 2L, T0),
                        org.assertj.core.groups.Tuple.tuple("call.started", 1L, again),
                        org.assertj.core.groups.Tuple.tuple("recording.ready", 3L, T0),
                        org.assertj.core.groups.Tuple.tuple("recording.ready", 2L, again),
                        org.assertj.core.groups.Tuple.tuple("recording.failed", 4L, T0),
                        org.assertj.core.groups.Tuple.tuple("call.ended", 3L, again));
    }

    @Test
    void aRecordingWhoseCallLeftNoEventStartsAtOneAndASecondAnnouncementWritesNothing() {
        RecordingId id = RecordingId.random();
        catalog.started(id, "s9", "server", T0);
        catalog.ready(id, List.of(ALICE), false, null);
        catalog.ready(id, List.of(ALICE), false, null);

        assertThat(events())
                .extracting(WebhookEvent::type, WebhookEvent::sequence)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("recording.ready", 1L));
    }

    @Test
    void aRecordingAndARingOutcomeAfterTheCallEndedEachTakeTheirOwnNextNumber() {
        RecordingId id = RecordingId.random();
        java.util.UUID ring = java.util.UUID.randomUUID();
        recorder.record(new RingFact.Invited(
                "s1",
                ring,
                "alice",
                PushRing.Media.AUDIO,
                List.of(new InviteeState("bob", InviteState.RINGING)),
                T0.plusSeconds(45),
                T0));
        recorder.record(new CallFact.CallStarted("s1", T0));
        recorder.record(joined("alice", T0));
        catalog.started(id, "s1", "alice", T0.plusSeconds(1));
        recorder.record(new CallFact.ParticipantLeft("s1", "alice", LeaveReason.LEFT, T0.plusSeconds(20)));
        recorder.record(new CallFact.CallEnded("s1", T0, T0.plusSeconds(20), 1, LeaveReason.LEFT));
        catalog.processing(id, T0.plusSeconds(20));
        clock.advance(Duration.ofSeconds(30));

        // bob's phone still rings: the recording comes first, then the ring times out.
        catalog.ready(id, List.of(ALICE), false, null);
        recorder.record(new RingFact.Decided("s1", ring, "bob", InviteState.MISSED, T0.plusSeconds(45)));
        recorder.record(new RingFact.Over("s1", ring, false, T0.plusSeconds(45)));

        List<WebhookEvent> events = awaitEvents(7);
        assertThat(events)
                .extracting(WebhookEvent::type)
                .containsExactly(
                        "call.invited",
                        "call.started",
                        "participant.joined",
                        "participant.left",
                        "call.ended",
                        "recording.ready",
                        "invite.missed");
        assertThat(events).extracting(WebhookEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(events).extracting(WebhookEvent::callStartedAt).containsOnly(T0);
    }

    /** The call starts here with alice, who records it; all of it is in the outbox. */
    private RecordingId recordedHere() {
        RecordingId id = RecordingId.random();
        recorder.record(new CallFact.CallStarted("s1", T0));
        recorder.record(joined("alice", T0));
        catalog.started(id, "s1", "alice", T0.plusSeconds(1));
        assertThat(recorder.written(Duration.ofSeconds(10))).isTrue();
        return id;
    }

    /** The node the call moved to, on the same outbox, its numbering of the call resumed from there. */
    private WebhookRecorder resumedElsewhere() {
        WebhookRecorder other = new WebhookRecorder(store.webhooks(), JSON, 100, () -> {});
        other.start();
        other.record(new CallFact.CallResumed("s1", T0, T0.plusSeconds(10), List.of(alice(T0)), false, 1));
        assertThat(other.written(Duration.ofSeconds(10))).isTrue();
        return other;
    }

    /** There, alice leaves and the call ends; then that node stops, its events written. */
    private static void endsThere(WebhookRecorder other) {
        other.record(new CallFact.ParticipantLeft("s1", "alice", LeaveReason.LEFT, T0.plusSeconds(60)));
        other.record(new CallFact.CallEnded("s1", T0, T0.plusSeconds(60), 1, LeaveReason.LEFT));
        other.close(Duration.ofSeconds(5));
    }

    /** Every number once, from 1 with no gap, in the order the events leave, and the bodies say the same. */
    private void numberedOnceInOrder(String... types) throws Exception {
        List<WebhookEvent> events = events();
        assertThat(events).extracting(WebhookEvent::type).containsExactly(types);
        assertThat(events)
                .extracting(WebhookEvent::sequence)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, types.length)
                        .boxed()
                        .toList());
        for (WebhookEvent event : events) {
            assertThat(JSON.readTree(event.body()).get("sequence").asLong()).isEqualTo(event.sequence());
        }
    }

    @Test
    void aCallNumberedOnTwoNodesAtOnceGivesEveryNumberOnceInTheOrderItsEventsLeave() throws Exception {
        recorder.record(new CallFact.CallStarted("s1", T0));
        recorder.record(joined("alice", T0));
        assertThat(recorder.written(Duration.ofSeconds(10))).isTrue();
        WebhookRecorder other = resumedElsewhere();
        // This node, cut off from Redis, does not know yet that another took the call: its event takes 3 first.
        recorder.record(new CallFact.ParticipantUpdated("s1", alice(T0), T0.plusSeconds(11)));
        assertThat(recorder.written(Duration.ofSeconds(10))).isTrue();

        endsThere(other);

        numberedOnceInOrder(
                "call.started", "participant.joined", "participant.updated", "participant.left", "call.ended");
    }

    @Test
    void aRecordingAnnouncedByTheNodeThatLetItsCallGoTakesANumberTheCallsNewNodeDoesNotGiveAgain() throws Exception {
        RecordingId id = recordedHere();
        WebhookRecorder other = resumedElsewhere();
        recorder.moved("s1");
        catalog.processing(id, T0.plusSeconds(10));

        catalog.ready(id, List.of(ALICE), false, null);
        endsThere(other);

        numberedOnceInOrder("call.started", "participant.joined", "recording.ready", "participant.left", "call.ended");
    }

    @Test
    void aRecordingNumberedFromMemoryAfterTheCallsNewNodeWroteOnComesAfterThatNodesEvents() throws Exception {
        RecordingId id = recordedHere();
        // This node still numbers the call in memory (it has not learnt that the call moved) when the other ends it.
        endsThere(resumedElsewhere());
        catalog.processing(id, T0.plusSeconds(10));

        catalog.failed(id, "janus could not write the streams");
        recorder.record(new CallFact.ParticipantUpdated("s1", alice(T0), T0.plusSeconds(61)));
        assertThat(recorder.written(Duration.ofSeconds(10))).isTrue();

        numberedOnceInOrder(
                "call.started",
                "participant.joined",
                "participant.left",
                "call.ended",
                "recording.failed",
                "participant.updated");
    }

    private static Participant alice(Instant joinedAt) {
        return new Participant("alice", Role.HOST, false, false, joinedAt, Optional.empty());
    }

    private static CallFact joined(String userId, Instant at) {
        return new CallFact.ParticipantJoined(
                "s1", new Participant(userId, Role.HOST, false, false, at, Optional.empty()), CLIENT, 1, at);
    }

    /** The outbox's events in the order they will be delivered. */
    private List<WebhookEvent> events() {
        return store.webhooks().deliveries(Optional.empty(), 100).reversed().stream()
                .map(WebhookDelivery::event)
                .toList();
    }

    private List<WebhookEvent> awaitEvents(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (events().size() < count && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(
                    Duration.ofMillis(10).toNanos());
        }
        return events();
    }
}
