package com.securevox.call.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.CallEvent;
import com.securevox.call.call.CallFact;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.LeaveReason;
import com.securevox.call.call.Outbox;
import com.securevox.call.call.Participant;
import com.securevox.call.call.Role;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What SfuCalls tells its MediaJournal: every change of a call's mode, and nothing for a call that stays a mesh. */
class SfuCallsJournalTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    record Change(String sessionId, MediaMode mode) {}

    private final List<Change> changes = new ArrayList<>();
    private final SfuCalls calls =
            autoCalls(upSfu(), new QuietSignals(), (sessionId, mode) -> changes.add(new Change(sessionId, mode)));
    private final Outbox outbox = calls.observing((to, event) -> {});

    @Test
    void aCallIsToldWhenItMovesToTheSfuAndBackButNotWhileItStaysAMesh() {
        join("small", "a", true);
        join("small", "b", true);
        join("s1", "a", true);
        join("s1", "b", true);
        assertThat(changes).as("two participants stay on the mesh").isEmpty();

        join("s1", "c", true);
        assertThat(changes).containsExactly(new Change("s1", MediaMode.SFU));

        // One who cannot use the SFU takes the call back to the mesh.
        join("s1", "d", false);
        assertThat(changes).containsExactly(new Change("s1", MediaMode.SFU), new Change("s1", MediaMode.MESH));

        calls.journal().record(new CallFact.CallEnded("s1", T0, T0.plusSeconds(60), 4, LeaveReason.LEFT));
        calls.journal().record(new CallFact.ParticipantLeft("small", "b", LeaveReason.LEFT, T0.plusSeconds(9)));
        assertThat(changes).hasSize(2);
    }

    private void join(String sessionId, String userId, boolean sfuCapable) {
        ConnectionId connection = new ConnectionId(sessionId + "/" + userId);
        calls.declare(connection, sfuCapable);
        outbox.deliver(
                connection,
                new CallEvent.Joined(
                        sessionId,
                        new Participant(userId, Role.PARTICIPANT, false, false, T0, Optional.empty()),
                        List.of()));
    }

    /** Calls in {@code auto} (the SFU from three), without recording, that run everything at once. */
    static SfuCalls autoCalls(SfuGateway gateway, MediaSignals signals, MediaJournal journal) {
        return new SfuCalls(
                gateway,
                signals,
                journal,
                new MediaPolicy(MediaSetting.AUTO, 3, 10, 0),
                MediaRecording.OFF,
                (delay, task) -> () -> {},
                Clock.systemUTC(),
                Runnable::run);
    }

    /** A capable participant joins call s1 on {@code connection}, as the registry reports it. */
    static void joinedS1(SfuCalls calls, Outbox outbox, ConnectionId connection, String userId) {
        calls.declare(connection, true);
        outbox.deliver(
                connection,
                new CallEvent.Joined(
                        "s1",
                        new Participant(userId, Role.PARTICIPANT, false, false, T0, Optional.empty()),
                        List.of()));
    }

    /** An SFU that is up and does whatever it is asked at once (only the mode matters here). */
    static SfuGateway upSfu() {
        return upSfu((method, args) -> {});
    }

    /** {@link #upSfu()} telling {@code asked} each operation by name, with its arguments. */
    static SfuGateway upSfu(java.util.function.BiConsumer<String, Object[]> asked) {
        return (SfuGateway) Proxy.newProxyInstance(
                SfuGateway.class.getClassLoader(),
                new Class<?>[] {SfuGateway.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "status" -> SfuStatus.UP;
                    case "rooms" -> 0;
                    default -> {
                        asked.accept(method.getName(), args);
                        yield CompletableFuture.completedFuture(null);
                    }
                });
    }

    static class QuietSignals implements MediaSignals {
        @Override
        public void mediaMode(ConnectionId to, String sessionId, MediaMode mode) {}

        @Override
        public void subscriberOffer(
                ConnectionId to, String sessionId, SessionDescription offer, List<RemoteStream> streams) {}

        @Override
        public void activeSpeakers(ConnectionId to, String sessionId, List<String> userIds) {}

        @Override
        public void reset(ConnectionId to, String sessionId, String reason) {}

        @Override
        public void recordingState(
                ConnectionId to, String sessionId, boolean recording, String by, String recordingId) {}
    }
}
