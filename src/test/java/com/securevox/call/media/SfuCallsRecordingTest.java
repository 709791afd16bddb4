package com.securevox.call.media;

import static com.securevox.call.testing.MediaFailures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.CallEvent;
import com.securevox.call.call.CallFact;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.LeaveReason;
import com.securevox.call.call.Outbox;
import com.securevox.call.call.Participant;
import com.securevox.call.call.Role;
import com.securevox.call.testing.ManualScheduler;
import com.securevox.call.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How SfuCalls records calls through the SFU (with {@link Takes}): every publisher into its own files named {@code
 * <take>-<participant id>}, everyone (newcomers too) told with {@code recording_state}, a mesh moved to the SFU for
 * it, and the {@link RecordingSink} told which files belong to the recording, what was lost, and when it stopped.
 */
class SfuCallsRecordingTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String SESSION = "s1";
    private static final Path SPOOL = Path.of("/var/spool/securevox/raw");

    private final MutableClock clock = new MutableClock(T0);
    private final TestSfu sfu = new TestSfu();
    private final TestSignals signals = new TestSignals();
    private final List<RecordingEvent> events = new ArrayList<>();
    private final List<MediaMode> journaled = new ArrayList<>();
    private int takeIds;
    private SfuCalls calls;
    private Outbox outbox;

    /** The server: calls go as {@code setting} says (on the SFU from 3 in AUTO), recorded into {@link #SPOOL}. */
    private void server(MediaSetting setting, boolean recordAll) {
        server(setting, new MediaRecording(Optional.of(SPOOL), recordAll, () -> "take-" + ++takeIds, events::add));
    }

    private void server(MediaSetting setting, MediaRecording recording) {
        calls = new SfuCalls(
                sfu,
                signals,
                (sessionId, mode) -> journaled.add(mode),
                new MediaPolicy(setting, 3, 10, 0),
                recording,
                new ManualScheduler(),
                clock,
                Runnable::run);
        outbox = calls.observing((to, event) -> {});
    }

    // ---- starting ----

    @Test
    void startingRecordsEveryPublisherAndTellsEveryoneAndAPublisherLaterIsRecordedOnItsFirstPublish() {
        server(MediaSetting.SFU, false);
        join("alice");
        join("bob");
        join("carol");
        publish("alice");
        publish("bob");
        signals.sent.clear();

        assertThat(calls.startRecording(SESSION, "alice")).isCompletedWithValue("take-1");

        assertThat(sfu.recorded)
                .as("carol has not published: nothing of hers to record yet")
                .containsExactly(
                        new Recorded(presence("p1", "alice"), "take-1-p1"),
                        new Recorded(presence("p2", "bob"), "take-1-p2"));
        assertThat(events)
                .containsExactly(
                        new RecordingEvent.Started("take-1", SESSION, "alice", T0),
                        new RecordingEvent.Segment("take-1", "alice", "take-1-p1", T0),
                        new RecordingEvent.Segment("take-1", "bob", "take-1-p2", T0));
        assertThat(signals.sent)
                .containsExactly(
                        new State(connection("alice"), true, "alice", "take-1"),
                        new State(connection("bob"), true, "alice", "take-1"),
                        new State(connection("carol"), true, "alice", "take-1"));

        clock.advance(Duration.ofSeconds(5));
        publish("carol");
        publish("carol"); // a renegotiation (a screen share added): the same presence, recorded already
        assertThat(sfu.recorded).hasSize(3).last().isEqualTo(new Recorded(presence("p3", "carol"), "take-1-p3"));
        assertThat(events.getLast())
                .isEqualTo(new RecordingEvent.Segment("take-1", "carol", "take-1-p3", T0.plusSeconds(5)));
        assertThat(events).hasSize(4);
    }

    @Test
    void aNewcomerIsToldOnJoiningAndItsFirstPublishIsRecorded() {
        server(MediaSetting.SFU, false);
        join("alice");
        publish("alice");
        calls.startRecording(SESSION, "api");
        signals.sent.clear();
        events.clear();

        join("dave");
        assertThat(signals.sent).contains(new State(connection("dave"), true, "api", "take-1"));
        assertThat(signals.states()).hasSize(1);

        publish("dave");
        assertThat(sfu.recorded).last().isEqualTo(new Recorded(presence("p2", "dave"), "take-1-p2"));
        assertThat(events).containsExactly(new RecordingEvent.Segment("take-1", "dave", "take-1-p2", T0));
    }

    @Test
    void aMeshInAutoMovesToTheSfuToBeRecorded() {
        server(MediaSetting.AUTO, false);
        join("alice");
        join("bob");
        assertThat(calls.mode(SESSION)).contains(MediaMode.MESH);
        signals.sent.clear();

        assertThat(calls.startRecording(SESSION, "alice")).isCompletedWithValue("take-1");

        assertThat(calls.mode(SESSION)).contains(MediaMode.SFU);
        assertThat(journaled).containsExactly(MediaMode.SFU);
        assertThat(signals.sent)
                .containsExactly(
                        new State(connection("alice"), true, "alice", "take-1"),
                        new State(connection("bob"), true, "alice", "take-1"),
                        new Mode(connection("alice"), MediaMode.SFU),
                        new Mode(connection("bob"), MediaMode.SFU));
        assertThat(sfu.rooms).singleElement().extracting(RoomSpec::recordings).isEqualTo(Optional.of(SPOOL));
        assertThat(events).containsExactly(new RecordingEvent.Started("take-1", SESSION, "alice", T0));

        publish("bob");
        publish("alice");
        assertThat(events)
                .containsExactly(
                        new RecordingEvent.Started("take-1", SESSION, "alice", T0),
                        new RecordingEvent.Segment("take-1", "bob", "take-1-p2", T0),
                        new RecordingEvent.Segment("take-1", "alice", "take-1-p1", T0));
    }

    @ParameterizedTest(name = "{0}, bob can use the SFU: {1}, SFU {2}")
    @CsvSource(delimiter = '|', textBlock = """
            AUTO | false | UP   | a participant's app cannot use the SFU, which recording needs
            AUTO | true  | DOWN | the SFU is not up
            MESH | true  | UP   | calls are peer to peer only (SECUREVOX_CALL_MEDIA=mesh), and recording needs the SFU
            """)
    void aMeshThatCannotMoveToTheSfuIsNotRecordedAndStaysAMesh(
            MediaSetting setting, boolean bobCapable, SfuStatus status, String why) {
        sfu.status = status;
        server(setting, false);
        join("alice");
        join("bob", bobCapable);
        signals.sent.clear();

        MediaException refused = failure(calls.startRecording(SESSION, "alice"));

        assertThat(refused.error()).isEqualTo(MediaError.UNAVAILABLE);
        assertThat(refused.getMessage()).isEqualTo(why);
        assertThat(calls.mode(SESSION)).contains(MediaMode.MESH);
        assertThat(journaled).isEmpty();
        assertThat(sfu.rooms).isEmpty();
        assertThat(signals.sent).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void startingTwiceIsAConflictAndTheFirstRecordingGoesOn() {
        server(MediaSetting.SFU, false);
        join("alice");
        publish("alice");
        calls.startRecording(SESSION, "alice");
        events.clear();

        MediaException refused = failure(calls.startRecording(SESSION, "bob"));

        assertThat(refused.error()).isEqualTo(MediaError.CONFLICT);
        assertThat(refused.getMessage()).isEqualTo("call s1 is being recorded already (take-1)");
        assertThat(events).isEmpty();
        assertThat(calls.stopRecording(SESSION)).isCompletedWithValue("take-1");
    }

    @Test
    void stoppingACallThatIsNotRecordedIsAConflict() {
        server(MediaSetting.SFU, false);
        join("alice");

        MediaException refused = failure(calls.stopRecording(SESSION));

        assertThat(refused.error()).isEqualTo(MediaError.CONFLICT);
        assertThat(refused.getMessage()).isEqualTo("call s1 is not being recorded");
    }

    @Test
    void aCallNotInProgressIsNotFound() {
        server(MediaSetting.SFU, false);
        join("alice");

        for (CompletionStage<String> stage : List.of(calls.startRecording("s2", "alice"), calls.stopRecording("s2"))) {
            MediaException refused = failure(stage);
            assertThat(refused.error()).isEqualTo(MediaError.NOT_FOUND);
            assertThat(refused.getMessage()).isEqualTo("no call s2 in progress");
        }
        assertThat(events).isEmpty();
    }

    @Test
    void withRecordingOffNothingIsRecorded() {
        server(MediaSetting.SFU, MediaRecording.OFF);
        join("alice");
        publish("alice");

        MediaException refused = failure(calls.startRecording(SESSION, "alice"));

        assertThat(refused.error()).isEqualTo(MediaError.UNAVAILABLE);
        assertThat(refused.getMessage()).isEqualTo("recording is off: the SFU has no recordings folder");
        assertThat(sfu.rooms).singleElement().extracting(RoomSpec::recordings).isEqualTo(Optional.empty());
        assertThat(sfu.recorded).isEmpty();
        assertThat(signals.states()).isEmpty();
    }

    @Test
    void withRecordAllACallIsRecordedByTheServerOnceItMovesToTheSfu() {
        server(MediaSetting.AUTO, true);
        join("alice");
        join("bob");
        assertThat(events).as("a mesh is not recorded").isEmpty();
        signals.sent.clear();

        join("carol");

        assertThat(events).containsExactly(new RecordingEvent.Started("take-1", SESSION, "server", T0));
        assertThat(signals.states())
                .containsExactly(
                        new State(connection("alice"), true, "server", "take-1"),
                        new State(connection("bob"), true, "server", "take-1"),
                        new State(connection("carol"), true, "server", "take-1"));
        publish("carol");
        assertThat(events.getLast()).isEqualTo(new RecordingEvent.Segment("take-1", "carol", "take-1-p3", T0));
    }

    // ---- the disk ----

    private static final String SHORT =
            "the disk holding /var/spool/securevox has 180 MB free (expected: at least 1 GB)";

    /** Recording into {@link #SPOOL} on a disk that has room or not, as {@code room} says at each question. */
    private void serverOnDisk(MediaSetting setting, boolean recordAll, java.util.function.BooleanSupplier room) {
        server(
                setting,
                new MediaRecording(
                        Optional.of(SPOOL),
                        recordAll,
                        () -> "take-" + ++takeIds,
                        events::add,
                        () -> room.getAsBoolean() ? Optional.empty() : Optional.of(SHORT)));
    }

    @Test
    void aDiskWithoutRoomRefusesTheRecordingSayingWhyAndNothingChanges() {
        serverOnDisk(MediaSetting.AUTO, false, () -> false);
        join("alice");
        join("bob");
        signals.sent.clear();

        MediaException refused = failure(calls.startRecording(SESSION, "alice"));

        assertThat(refused.error()).isEqualTo(MediaError.INSUFFICIENT_STORAGE);
        assertThat(refused.getMessage()).isEqualTo("call s1 cannot be recorded: " + SHORT);
        assertThat(calls.mode(SESSION)).as("not moved to the SFU for nothing").contains(MediaMode.MESH);
        assertThat(signals.sent).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void startingARecordedCallIsAConflictWhateverTheDisk() {
        boolean[] room = {true};
        serverOnDisk(MediaSetting.SFU, false, () -> room[0]);
        join("alice");
        calls.startRecording(SESSION, "alice");
        room[0] = false;

        assertThat(failure(calls.startRecording(SESSION, "alice")).error()).isEqualTo(MediaError.CONFLICT);
    }

    @Test
    void withRecordAllACallOnADiskWithoutRoomBecomesAFailedRecordingSayingWhyAndNobodyIsToldItIsRecorded() {
        serverOnDisk(MediaSetting.SFU, true, () -> false);

        join("alice");
        publish("alice");

        assertThat(events)
                .containsExactly(
                        new RecordingEvent.Started("take-1", SESSION, "server", T0),
                        new RecordingEvent.Lost("take-1", SHORT + ": the call was not recorded", T0),
                        new RecordingEvent.Stopped("take-1", T0));
        assertThat(signals.states()).isEmpty();
        assertThat(sfu.recorded).isEmpty();
    }

    @Test
    void stoppingAllRecordingsStopsEachRecordedCallMarkedLostAndLeavesTheOthers() {
        serverOnDisk(MediaSetting.SFU, false, () -> true);
        join("alice");
        join("bob");
        publish("alice");
        publish("bob");
        calls.startRecording(SESSION, "alice");
        signals.sent.clear();
        events.clear();

        calls.stopAllRecordings(SHORT + ": recording stopped");

        assertThat(sfu.stops.keySet()).containsExactlyInAnyOrder(presence("p1", "alice"), presence("p2", "bob"));
        assertThat(signals.sent)
                .containsExactly(
                        new State(connection("alice"), false, "alice", "take-1"),
                        new State(connection("bob"), false, "alice", "take-1"));
        assertThat(events)
                .containsExactly(
                        new RecordingEvent.Lost("take-1", SHORT + ": recording stopped", T0),
                        new RecordingEvent.Stopped("take-1", T0));

        events.clear();
        calls.stopAllRecordings(SHORT + ": recording stopped");
        assertThat(events).as("nothing left to stop").isEmpty();
    }

    // ---- stopping ----

    @Test
    void stoppingClosesEveryRecordedPresenceTellsEveryoneAndReportsStoppedOnceTheSfuHasClosedThem() {
        server(MediaSetting.SFU, false);
        join("alice");
        join("bob");
        join("carol");
        publish("alice");
        publish("bob");
        publish("carol");
        calls.startRecording(SESSION, "alice");
        leave("carol"); // the SFU closes her files as she leaves: nothing to stop
        sfu.holdStops = true;
        signals.sent.clear();
        events.clear();

        assertThat(calls.stopRecording(SESSION)).isCompletedWithValue("take-1");

        assertThat(sfu.stops.keySet()).containsExactlyInAnyOrder(presence("p1", "alice"), presence("p2", "bob"));
        assertThat(signals.sent)
                .containsExactly(
                        new State(connection("alice"), false, "alice", "take-1"),
                        new State(connection("bob"), false, "alice", "take-1"));
        assertThat(events).as("the SFU is still closing the files").isEmpty();

        sfu.stops.get(presence("p1", "alice")).complete(null);
        assertThat(events).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        // A presence whose files the SFU closed already (it just left) does not hold the recording up.
        sfu.stops.get(presence("p2", "bob")).completeExceptionally(new MediaException(MediaError.NOT_FOUND, "gone"));
        assertThat(events).containsExactly(new RecordingEvent.Stopped("take-1", T0.plusSeconds(2)));

        join("dave");
        publish("dave");
        assertThat(signals.states()).as("no recording_state after the stop").hasSize(2);
        assertThat(sfu.recorded).hasSize(3);
    }

    @Test
    void theCallEndingStopsItsRecording() {
        server(MediaSetting.SFU, false);
        join("alice");
        join("bob");
        publish("alice");
        publish("bob");
        calls.startRecording(SESSION, "bob");
        events.clear();

        calls.journal().record(new CallFact.CallEnded(SESSION, T0, T0.plusSeconds(60), 2, LeaveReason.LEFT));

        assertThat(sfu.stops.keySet()).containsExactlyInAnyOrder(presence("p1", "alice"), presence("p2", "bob"));
        assertThat(events).containsExactly(new RecordingEvent.Stopped("take-1", T0));
        assertThat(failure(calls.stopRecording(SESSION)).error()).isEqualTo(MediaError.NOT_FOUND);
    }

    @Test
    void aCallLetGoToAnotherNodeClosesItsRoomHereAsItsEndWould() {
        server(MediaSetting.SFU, false);
        join("alice");
        join("bob");
        publish("alice");
        publish("bob");
        calls.startRecording(SESSION, "bob");
        events.clear();
        assertThat(calls.rooms()).isEqualTo(1);

        calls.letGo(SESSION);

        assertThat(calls.rooms()).as("its room here, closed").isZero();
        assertThat(calls.mode(SESSION)).isEmpty();
        assertThat(sfu.stops.keySet()).containsExactlyInAnyOrder(presence("p1", "alice"), presence("p2", "bob"));
        assertThat(events).containsExactly(new RecordingEvent.Stopped("take-1", T0));
    }

    @Test
    void aNewcomerWhoCannotUseTheSfuTakesTheCallToTheMeshAndTheRecordingStopsAsLost() {
        server(MediaSetting.AUTO, false);
        join("alice");
        join("bob");
        join("carol");
        publish("alice");
        publish("bob");
        publish("carol");
        calls.startRecording(SESSION, "alice");
        signals.sent.clear();
        events.clear();

        join("dan", false);

        assertThat(calls.mode(SESSION)).contains(MediaMode.MESH);
        assertThat(events)
                .containsExactly(
                        new RecordingEvent.Lost(
                                "take-1",
                                "the call went peer to peer (a participant's app cannot use the SFU, which recording"
                                        + " needs) and could not be recorded from then on",
                                T0),
                        new RecordingEvent.Stopped("take-1", T0));
        assertThat(sfu.stops.keySet())
                .containsExactlyInAnyOrder(presence("p1", "alice"), presence("p2", "bob"), presence("p3", "carol"));
        for (String user : List.of("alice", "bob", "carol")) {
            assertThat(signals.sent)
                    .as(user)
                    .containsSubsequence(
                            new State(connection(user), false, "alice", "take-1"),
                            new Mode(connection(user), MediaMode.MESH));
        }
        assertThat(signals.states())
                .as("dan is left knowing the call is not recorded")
                .filteredOn(state -> state.to().equals(connection("dan")))
                .last()
                .isEqualTo(new State(connection("dan"), false, "alice", "take-1"));
    }

    // ---- what goes wrong on the SFU ----

    @Test
    void aPublisherTheSfuDoesNotRecordIsReportedLostByName() {
        server(MediaSetting.SFU, false);
        join("alice");
        join("bob");
        publish("alice");
        publish("bob");
        sfu.refused.put("bob", new MediaException(MediaError.REFUSED, "no such feed (428)"));

        calls.startRecording(SESSION, "alice");

        // Each presence is reported before the SFU answers (the recording may end first); a refusal follows.
        assertThat(events)
                .containsExactly(
                        new RecordingEvent.Started("take-1", SESSION, "alice", T0),
                        new RecordingEvent.Segment("take-1", "alice", "take-1-p1", T0),
                        new RecordingEvent.Segment("take-1", "bob", "take-1-p2", T0),
                        new RecordingEvent.Lost(
                                "take-1", "bob's media: the SFU did not record it (no such feed (428))", T0));
        calls.stopRecording(SESSION);
        assertThat(sfu.stops.keySet()).as("bob's was never recorded").containsExactly(presence("p1", "alice"));
    }

    @Test
    void theSfuLostWhileRecordingLosesMediaUntilEveryoneRepublishesIntoNewFiles() {
        server(MediaSetting.SFU, false);
        join("alice");
        join("bob");
        publish("alice");
        publish("bob");
        calls.startRecording(SESSION, "alice");
        events.clear();

        clock.advance(Duration.ofSeconds(10));
        sfu.status = SfuStatus.CONNECTING;
        calls.onEvent(new MediaEvent.EngineLost("Janus restarted"));

        assertThat(events)
                .containsExactly(new RecordingEvent.Lost(
                        "take-1",
                        "the SFU stopped (Janus restarted): media until everyone published again",
                        T0.plusSeconds(10)));

        clock.advance(Duration.ofSeconds(3));
        sfu.status = SfuStatus.UP;
        signals.sent.clear();
        calls.onEvent(new MediaEvent.EngineReady());
        assertThat(signals.sent)
                .containsExactly(
                        new Reset(connection("alice"), "the SFU restarted"),
                        new Reset(connection("bob"), "the SFU restarted"));
        assertThat(sfu.rooms).hasSize(2);
        publish("bob");
        publish("alice");

        assertThat(sfu.recorded)
                .endsWith(
                        new Recorded(presence("p4", "bob"), "take-1-p4"),
                        new Recorded(presence("p3", "alice"), "take-1-p3"));
        assertThat(events)
                .containsExactly(
                        events.getFirst(),
                        new RecordingEvent.Segment("take-1", "bob", "take-1-p4", T0.plusSeconds(13)),
                        new RecordingEvent.Segment("take-1", "alice", "take-1-p3", T0.plusSeconds(13)));
        assertThat(calls.stopRecording(SESSION)).isCompletedWithValue("take-1");
        assertThat(sfu.stops.keySet()).containsExactlyInAnyOrder(presence("p4", "bob"), presence("p3", "alice"));
    }

    // ---- helpers ----

    private static ConnectionId connection(String userId) {
        return new ConnectionId(userId + "-socket");
    }

    private void join(String userId) {
        join(userId, true);
    }

    private void join(String userId, boolean sfuCapable) {
        calls.declare(connection(userId), sfuCapable);
        outbox.deliver(
                connection(userId),
                new CallEvent.Joined(
                        SESSION,
                        new Participant(userId, Role.PARTICIPANT, false, false, clock.instant(), Optional.empty()),
                        List.of()));
    }

    private void leave(String userId) {
        calls.journal().record(new CallFact.ParticipantLeft(SESSION, userId, LeaveReason.LEFT, clock.instant()));
    }

    /** The user's client publishes on the SFU (and the SFU answers at once). */
    private void publish(String userId) {
        assertThat(calls.publish(
                        connection(userId),
                        new SessionDescription(SessionDescription.Type.OFFER, "v=0 " + userId),
                        Map.of("0", "camera")))
                .isCompleted();
    }

    /** The user's presence in the call's latest room. */
    private MediaParticipant presence(String participantId, String userId) {
        return new MediaParticipant(sfu.rooms.getLast().room(), participantId, userId);
    }

    record Recorded(MediaParticipant who, String fileBase) {}

    record Mode(ConnectionId to, MediaMode mode) {}

    record State(ConnectionId to, boolean recording, String by, String recordingId) {}

    record Reset(ConnectionId to, String reason) {}

    /** What the call side told clients about modes, recordings and resets, in order. */
    static final class TestSignals implements MediaSignals {
        final List<Object> sent = new ArrayList<>();

        List<State> states() {
            return sent.stream()
                    .filter(State.class::isInstance)
                    .map(State.class::cast)
                    .toList();
        }

        @Override
        public void mediaMode(ConnectionId to, String sessionId, MediaMode mode) {
            assertThat(sessionId).isEqualTo(SESSION);
            sent.add(new Mode(to, mode));
        }

        @Override
        public void subscriberOffer(
                ConnectionId to, String sessionId, SessionDescription offer, List<RemoteStream> streams) {}

        @Override
        public void activeSpeakers(ConnectionId to, String sessionId, List<String> userIds) {}

        @Override
        public void recordingState(
                ConnectionId to, String sessionId, boolean recording, String by, String recordingId) {
            assertThat(sessionId).isEqualTo(SESSION);
            sent.add(new State(to, recording, by, recordingId));
        }

        @Override
        public void reset(ConnectionId to, String sessionId, String reason) {
            assertThat(sessionId).isEqualTo(SESSION);
            sent.add(new Reset(to, reason));
        }
    }

    /**
     * An SFU that does what it is asked at once and remembers the rooms it opened and what it was asked to record and
     * to stop recording; it refuses to record the users in {@link #refused}, and with {@link #holdStops} leaves each
     * stop pending until the test completes it.
     */
    static final class TestSfu implements SfuGateway {
        SfuStatus status = SfuStatus.UP;
        boolean holdStops;
        final List<RoomSpec> rooms = new ArrayList<>();
        final List<Recorded> recorded = new ArrayList<>();
        final Map<String, MediaException> refused = new HashMap<>();
        /** Presence → its stop (the call side asks in no particular order). */
        final Map<MediaParticipant, CompletableFuture<Void>> stops = new LinkedHashMap<>();

        @Override
        public CompletionStage<Void> openRoom(RoomSpec spec) {
            rooms.add(spec);
            return done();
        }

        @Override
        public CompletionStage<Void> closeRoom(RoomId room) {
            return done();
        }

        @Override
        public CompletionStage<SessionDescription> publish(MediaParticipant who, SessionDescription offer) {
            return CompletableFuture.completedFuture(new SessionDescription(SessionDescription.Type.ANSWER, "v=0"));
        }

        @Override
        public CompletionStage<Void> subscribe(MediaParticipant who, List<FeedStream> streams) {
            return done();
        }

        @Override
        public CompletionStage<Void> unsubscribe(MediaParticipant who, List<FeedStream> streams) {
            return done();
        }

        @Override
        public CompletionStage<Void> answerSubscription(MediaParticipant who, SessionDescription answer) {
            return done();
        }

        @Override
        public CompletionStage<Void> trickle(MediaParticipant who, PeerLink link, IceCandidate candidate) {
            return done();
        }

        @Override
        public CompletionStage<Void> setLayer(MediaParticipant who, String mid, SimulcastLayer layer) {
            return done();
        }

        @Override
        public CompletionStage<Void> setVideo(MediaParticipant who, String mid, boolean on) {
            return done();
        }

        @Override
        public CompletionStage<Void> moderate(MediaParticipant who, List<String> mids, boolean muted) {
            return done();
        }

        @Override
        public CompletionStage<Void> record(MediaParticipant who, String fileBase) {
            recorded.add(new Recorded(who, fileBase));
            MediaException refusal = refused.get(who.userId());
            return refusal == null ? done() : CompletableFuture.failedFuture(refusal);
        }

        @Override
        public CompletionStage<Void> stopRecording(MediaParticipant who) {
            CompletableFuture<Void> stop =
                    holdStops ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
            assertThat(stops.put(who, stop)).as("stopped twice: " + who).isNull();
            return stop;
        }

        @Override
        public CompletionStage<Void> leave(MediaParticipant who) {
            return done();
        }

        @Override
        public SfuStatus status() {
            return status;
        }

        @Override
        public int rooms() {
            return rooms.size();
        }

        private static CompletableFuture<Void> done() {
            return CompletableFuture.completedFuture(null);
        }
    }
}
