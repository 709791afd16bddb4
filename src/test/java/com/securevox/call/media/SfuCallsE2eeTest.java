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
import com.securevox.call.media.SfuCallsRecordingTest.TestSfu;
import com.securevox.call.media.SfuCallsRecordingTest.TestSignals;
import com.securevox.call.testing.ManualScheduler;
import com.securevox.call.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A call encrypted end to end on the SFU: its room admits only publishers that encrypt and has no recordings folder,
 * and it is never recorded, neither on request nor with record-all.
 */
class SfuCallsE2eeTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String SESSION = "s1";

    private final TestSfu sfu = new TestSfu();
    private final TestSignals signals = new TestSignals();
    private final List<RecordingEvent> events = new ArrayList<>();
    private SfuCalls calls;
    private Outbox outbox;

    private void server(boolean recordAll) {
        calls = new SfuCalls(
                sfu,
                signals,
                (sessionId, mode) -> {},
                new MediaPolicy(MediaSetting.SFU, 3, 10, 0),
                new MediaRecording(
                        Optional.of(Path.of("/var/spool/securevox/raw")), recordAll, () -> "take", events::add),
                new ManualScheduler(),
                new MutableClock(T0),
                Runnable::run);
        outbox = calls.observing((to, event) -> {});
    }

    private void join(String userId, boolean e2ee) {
        ConnectionId connection = new ConnectionId(userId + "-socket");
        calls.declare(connection, true);
        outbox.deliver(
                connection,
                new CallEvent.Joined(
                        SESSION,
                        new Participant(userId, Role.PARTICIPANT, false, false, T0, Optional.empty()),
                        List.of(),
                        e2ee));
    }

    @Test
    void theRoomRequiresEncryptionAndHasNoRecordingsFolder() {
        server(false);
        join("alice", true);

        assertThat(sfu.rooms).singleElement().satisfies(room -> {
            assertThat(room.e2ee()).isTrue();
            assertThat(room.recordings()).isEmpty();
        });
    }

    @Test
    void aPlainCallsRoomDoesNotAndIsRecordedAsBefore() {
        server(true);
        join("alice", false);

        assertThat(sfu.rooms).singleElement().satisfies(room -> {
            assertThat(room.e2ee()).isFalse();
            assertThat(room.recordings()).isPresent();
        });
        assertThat(events).first().isInstanceOf(RecordingEvent.Started.class);
    }

    @Test
    void recordingIsRefusedNamingWhyAndNobodyIsTold() {
        server(false);
        join("alice", true);
        join("bob", true);
        signals.sent.clear();

        MediaException refused = failure(calls.startRecording(SESSION, "alice"));

        assertThat(refused.error()).isEqualTo(MediaError.E2EE_CALL);
        assertThat(refused.getMessage())
                .isEqualTo("call s1 is end-to-end encrypted: the SFU sees only ciphertext,"
                        + " so it cannot be recorded (expected: a call without e2ee)");
        assertThat(signals.states()).isEmpty();
        assertThat(events).isEmpty();
        assertThat(sfu.recorded).isEmpty();
    }

    @Test
    void recordAllLeavesEncryptedCallsAloneAndTheNextPlainCallUnderTheSameIdIsRecorded() {
        server(true);
        join("alice", true);
        assertThat(events).isEmpty();

        calls.journal().record(new CallFact.ParticipantLeft(SESSION, "alice", LeaveReason.LEFT, T0));
        calls.journal().record(new CallFact.CallEnded(SESSION, T0, T0, 1, LeaveReason.LEFT));
        join("alice", false);

        assertThat(sfu.rooms).extracting(RoomSpec::e2ee).containsExactly(true, false);
        assertThat(events).singleElement().isInstanceOf(RecordingEvent.Started.class);
    }
}
