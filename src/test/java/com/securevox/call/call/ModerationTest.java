package com.securevox.call.call;

import static com.securevox.call.call.Fixture.c;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A host's mute, remove and end, and the rules of who may be their target. */
class ModerationTest {
    private final Fixture f = Fixture.standard();
    private final Moderation moderation = new Moderation(f.registry);

    /** host (h) and two participants, alice (a) and bob (b), all live in s1. */
    private void threeInCall() {
        f.join("h", "host", "s1");
        f.join("a", "alice", "s1");
        f.join("b", "bob", "s1");
        f.outbox.clear();
        f.journal.clear();
    }

    @Test
    void muteAsksTheTargetAndTellsEveryone() {
        threeInCall();

        Participant alice = moderation.mute(c("h"), "alice", MediaKind.AUDIO);

        assertThat(alice.audioMuted()).isTrue();
        assertThat(alice.videoMuted()).isFalse();
        CallEvent.ParticipantUpdated update = new CallEvent.ParticipantUpdated("s1", alice);
        assertThat(f.outbox.to(c("a")))
                .containsExactly(new CallEvent.MuteRequested("s1", MediaKind.AUDIO, "host"), update);
        assertThat(f.outbox.to(c("h"))).containsExactly(update);
        assertThat(f.outbox.to(c("b"))).containsExactly(update);
        assertThat(f.journal.all()).singleElement().isInstanceOf(CallFact.ParticipantUpdated.class);
    }

    @Test
    void theBackendMutesByCallAndIsNamedApi() {
        threeInCall();

        Participant bob = moderation.mute("s1", "bob", MediaKind.VIDEO);

        assertThat(bob.videoMuted()).isTrue();
        assertThat(f.outbox.to(c("b"))).first().isEqualTo(new CallEvent.MuteRequested("s1", MediaKind.VIDEO, "api"));
    }

    @Test
    void aTargetInGraceIsNotAskedButKeepsTheMutedState() {
        threeInCall();
        f.registry.disconnected(c("a"));

        moderation.mute(c("h"), "alice", MediaKind.AUDIO);
        Joined back = f.join("a2", "alice", "s1");

        assertThat(f.outbox.to(c("a"))).isEmpty();
        assertThat(back.self().audioMuted()).isTrue();
    }

    @Test
    void removeTellsTheTargetAndTheOthersSeeKicked() {
        threeInCall();

        moderation.remove(c("h"), "alice");

        assertThat(f.outbox.to(c("a"))).containsExactly(new CallEvent.Removed("s1", "host"));
        CallEvent left = new CallEvent.ParticipantLeft("s1", "alice", LeaveReason.KICKED);
        assertThat(f.outbox.to(c("h"))).containsExactly(left);
        assertThat(f.outbox.to(c("b"))).containsExactly(left);
        assertThat(f.registry.callOf(c("a"))).isEmpty();
        assertThat(f.registry.isParticipant("s1", "alice")).isFalse();
        assertThat(f.journal.all())
                .singleElement()
                .isEqualTo(new CallFact.ParticipantLeft("s1", "alice", LeaveReason.KICKED, Fixture.T0));
    }

    /** Seconds after T0 the token was issued, and seconds after T0 the rejoin comes: refused or not. */
    @ParameterizedTest(name = "token issued at T0{0}s, rejoin at T0+{1}s: refused {2}")
    @CsvSource({
        "-60, 5,  true", // the token it had: refused
        "0,   5,  true", // issued in the removal's second: may predate it
        "1,   5,  false", // issued after the removal: the backend let it back
        "-60, 0,  true", // at once
    })
    void aRemovedUserComesBackOnlyWithALaterToken(long issuedAfter, long rejoinAfter, boolean refused) {
        threeInCall();
        f.clock.advance(Duration.ofMillis(300));
        moderation.remove(c("h"), "alice");
        f.clock.advance(Duration.ofSeconds(rejoinAfter).plusMillis(200));

        CallException e = catchThrowableOfType(
                CallException.class, () -> f.registry.join(rejoin("a2", "alice", Fixture.T0.plusSeconds(issuedAfter))));

        if (refused) {
            assertThat(e).isNotNull();
            assertThat(e.error()).isEqualTo(CallError.REMOVED);
            assertThat(e.getMessage()).contains("'alice'").contains("s1").contains("issued after the removal");
            assertThat(f.registry.callOf(c("a2"))).isEmpty();
        } else {
            assertThat(e).isNull();
            assertThat(f.registry.isParticipant("s1", "alice")).isTrue();
        }
    }

    @Test
    void otherUsersAreNotBarred() {
        threeInCall();
        moderation.remove(c("h"), "alice");

        f.registry.join(rejoin("c4", "carol", Instant.EPOCH));

        assertThat(f.registry.isParticipant("s1", "carol")).isTrue();
    }

    @Test
    void removingSomeoneInGraceCancelsItsTimer() {
        threeInCall();
        f.registry.disconnected(c("a"));

        moderation.remove(c("h"), "alice");
        f.scheduler.firePending();

        assertThat(f.journal.all())
                .filteredOn(CallFact.ParticipantLeft.class::isInstance)
                .singleElement()
                .extracting(fact -> ((CallFact.ParticipantLeft) fact).reason())
                .isEqualTo(LeaveReason.KICKED);
    }

    @Test
    void endTellsEveryoneAndEndsTheCallQuietly() {
        threeInCall();

        String ended = moderation.end(c("h"));

        assertThat(ended).isEqualTo("s1");
        CallEvent.Ended event = new CallEvent.Ended("s1", "host", LeaveReason.ENDED_BY_HOST);
        for (String connection : List.of("h", "a", "b")) {
            assertThat(f.outbox.to(c(connection))).containsExactly(event);
            assertThat(f.registry.callOf(c(connection))).isEmpty();
        }
        assertThat(f.registry.activeCallCount()).isZero();
        assertThat(f.registry.participantCount()).isZero();
        List<CallFact> facts = f.journal.all();
        assertThat(facts).hasSize(4);
        assertThat(facts.getLast())
                .isEqualTo(new CallFact.CallEnded("s1", Fixture.T0, Fixture.T0, 3, LeaveReason.ENDED_BY_HOST));
    }

    @Test
    void anEndedCallCanStartAgainUnderItsId() {
        threeInCall();
        moderation.end("s1");

        Joined again = f.join("a2", "alice", "s1");

        assertThat(again.others()).isEmpty();
        assertThat(f.registry.activeCallCount()).isEqualTo(1);
    }

    enum Action {
        MUTE,
        REMOVE
    }

    /** The refusals: which target, by whom, with which error. */
    @ParameterizedTest(name = "{0} {1} by {2}: {3}")
    @CsvSource({
        "MUTE,   host,    h,  PARTICIPANT_NOT_FOUND, is you",
        "REMOVE, host,    h,  PARTICIPANT_NOT_FOUND, is you",
        "MUTE,   nobody,  h,  PARTICIPANT_NOT_FOUND, 'nobody' (expected: a participant of call 's1')",
        "REMOVE, nobody,  h,  PARTICIPANT_NOT_FOUND, 'nobody' (expected: a participant of call 's1')",
        "MUTE,   alice,   x,  PARTICIPANT_NOT_FOUND, 'alice' (expected: a participant of call 's2')",
        "REMOVE, alice,   x,  PARTICIPANT_NOT_FOUND, 'alice' (expected: a participant of call 's2')",
        "MUTE,   alice,   z,  NOT_IN_CALL,           in no call",
        "REMOVE, alice,   z,  NOT_IN_CALL,           in no call",
        "MUTE,   nobody,  ,   PARTICIPANT_NOT_FOUND, 'nobody'",
        "REMOVE, nobody,  ,   PARTICIPANT_NOT_FOUND, 'nobody'",
    })
    void refusals(Action action, String target, String byConnection, CallError error, String message) {
        threeInCall();
        f.join("x", "xavier", "s2");
        f.outbox.clear();
        f.journal.clear();

        CallException e = catchThrowableOfType(CallException.class, () -> {
            switch (action) {
                case MUTE -> {
                    if (byConnection == null) {
                        moderation.mute("s1", target, MediaKind.AUDIO);
                    } else {
                        moderation.mute(c(byConnection), target, MediaKind.AUDIO);
                    }
                }
                case REMOVE -> {
                    if (byConnection == null) {
                        moderation.remove("s1", target);
                    } else {
                        moderation.remove(c(byConnection), target);
                    }
                }
            }
        });

        assertThat(e).isNotNull();
        assertThat(e.error()).isEqualTo(error);
        assertThat(e.getMessage()).contains(message);
        assertThat(f.outbox.all()).isEmpty();
        assertThat(f.journal.all()).isEmpty();
    }

    @Test
    void theBackendNamingNoCallInProgressIsRefused() {
        for (Runnable action : List.<Runnable>of(
                () -> moderation.mute("gone", "alice", MediaKind.AUDIO),
                () -> moderation.remove("gone", "alice"),
                () -> moderation.end("gone"))) {
            CallException e = catchThrowableOfType(CallException.class, action::run);
            assertThat(e.error()).isEqualTo(CallError.NOT_IN_CALL);
            assertThat(e.getMessage()).isEqualTo("sessionId: 'gone' (expected: a call in progress)");
        }
    }

    @Test
    void aBroadcastReachesEveryoneElseAndWaitsForThoseInGrace() {
        threeInCall();
        f.registry.disconnected(c("b"));

        int reached = new Broadcasts(f.registry).toAll(c("a"), new TestSignal("hi"));

        assertThat(reached).isEqualTo(2);
        assertThat(f.outbox.to(c("h"))).containsExactly(new CallEvent.Relayed("s1", "alice", new TestSignal("hi")));
        assertThat(f.outbox.to(c("a"))).isEmpty();
        f.join("b2", "bob", "s1");
        assertThat(f.outbox.to(c("b2"))).last().isEqualTo(new CallEvent.Relayed("s1", "alice", new TestSignal("hi")));
    }

    @Test
    void aBroadcastFromNoCallIsRefused() {
        CallException e = catchThrowableOfType(
                CallException.class, () -> new Broadcasts(f.registry).toAll(c("z"), new TestSignal("x")));
        assertThat(e.error()).isEqualTo(CallError.NOT_IN_CALL);
    }

    private static JoinRequest rejoin(String connection, String userId, Instant issuedAt) {
        return new JoinRequest(
                c(connection),
                userId,
                Role.PARTICIPANT,
                "s1",
                Optional.empty(),
                false,
                false,
                false,
                RecordingJournal.CLIENT,
                issuedAt);
    }
}
