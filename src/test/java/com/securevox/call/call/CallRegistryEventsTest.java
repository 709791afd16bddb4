package com.securevox.call.call;

import static com.securevox.call.call.Fixture.T0;
import static com.securevox.call.call.Fixture.c;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.securevox.call.call.CallEvent.ParticipantJoined;
import com.securevox.call.call.CallEvent.ParticipantLeft;
import com.securevox.call.call.CallEvent.ParticipantUpdated;
import com.securevox.call.call.CallEvent.Relayed;
import com.securevox.call.call.RecordingOutbox.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What each connection is told, and in which order. */
class CallRegistryEventsTest {
    private final Fixture f = Fixture.standard();

    private static Participant participant(String userId, Instant joinedAt) {
        return new Participant(userId, Role.PARTICIPANT, false, false, joinedAt, Optional.empty());
    }

    private static Relayed relayed(String from, String text) {
        return new Relayed("s1", from, new TestSignal(text));
    }

    @Test
    void aNewJoinerLearnsTheOthersInJoinOrderAndTheOthersLearnAboutIt() {
        f.join("c1", "alice", "s1");
        f.clock.advance(Duration.ofSeconds(1));
        f.join("c2", "bob", "s1");
        f.clock.advance(Duration.ofSeconds(1));
        f.outbox.clear();

        var result = f.join("c3", "carol", "s1");

        Participant alice = participant("alice", T0);
        Participant bob = participant("bob", T0.plusSeconds(1));
        Participant carol = participant("carol", T0.plusSeconds(2));
        assertThat(result).isEqualTo(new Joined("s1", carol, List.of(alice, bob), JoinKind.NEW));
        assertThat(f.outbox.all())
                .containsExactly(
                        new Delivery(c("c3"), new CallEvent.Joined("s1", carol, List.of(alice, bob))),
                        new Delivery(c("c1"), new ParticipantJoined("s1", carol)),
                        new Delivery(c("c2"), new ParticipantJoined("s1", carol)));
    }

    @Test
    void theReplacedConnectionAloneIsToldAndIsOutOfTheCallAfterwards() {
        f.join("c1", "alice", "s1");
        f.join("c2", "bob", "s1");
        f.outbox.clear();

        var result = f.join("c1-new", "alice", "s1");

        assertThat(result.kind()).isEqualTo(JoinKind.REPLACED);
        assertThat(f.outbox.all())
                .containsExactly(
                        new Delivery(c("c1"), new ParticipantLeft("s1", "alice", LeaveReason.REPLACED)),
                        new Delivery(
                                c("c1-new"), new CallEvent.Joined("s1", participant("alice", T0), result.others())));
        assertThat(f.registry.callOf(c("c1"))).isEmpty();

        f.outbox.clear();
        f.registry.disconnected(c("c1"));
        CallException leave = catchThrowableOfType(CallException.class, () -> f.registry.leave(c("c1"), "s1"));

        assertThat(leave.error()).isEqualTo(CallError.NOT_IN_CALL);
        assertThat(leave.getMessage()).isEqualTo("connection 'c1': in no call (expected: joined to a call first)");
        assertThat(f.outbox.all()).isEmpty();
        assertThat(f.scheduler.tasks()).isEmpty();
        assertThat(f.registry.snapshot().getFirst().participants()).containsExactly("alice", "bob");
    }

    @Test
    void aReconnectTellsNobodyElseAndFlushesBufferedSignalsAfterJoinedInOrder() {
        f.join("c1", "alice", "s1");
        f.join("c2", "bob", "s1");
        f.join("c3", "carol", "s1");
        f.registry.disconnected(c("c2"));
        f.relay("c1", "bob", "offer");
        f.relay("c3", "bob", "ice from carol");
        f.relay("c1", "bob", "ice from alice");
        f.outbox.clear();

        var result = f.join("c2-new", "bob", "s1");

        assertThat(result.kind()).isEqualTo(JoinKind.RECONNECTED);
        assertThat(result.self().joinedAt()).isEqualTo(T0);
        assertThat(f.outbox.all())
                .containsExactly(
                        new Delivery(c("c2-new"), new CallEvent.Joined("s1", result.self(), result.others())),
                        new Delivery(c("c2-new"), relayed("alice", "offer")),
                        new Delivery(c("c2-new"), relayed("carol", "ice from carol")),
                        new Delivery(c("c2-new"), relayed("alice", "ice from alice")));
        assertThat(f.scheduler.tasks().getFirst().cancelled()).isTrue();

        f.outbox.clear();
        f.relay("c1", "bob", "after");
        assertThat(f.outbox.all()).containsExactly(new Delivery(c("c2-new"), relayed("alice", "after")));
    }

    @Test
    void anExpiredGraceTellsTheOthersDisconnectedAndDropsBufferedSignals() {
        f.join("c1", "alice", "s1");
        f.join("c2", "bob", "s1");
        f.registry.disconnected(c("c2"));
        f.relay("c1", "bob", "lost");
        f.outbox.clear();

        assertThat(f.scheduler.firePending()).isEqualTo(1);

        assertThat(f.outbox.all())
                .containsExactly(new Delivery(c("c1"), new ParticipantLeft("s1", "bob", LeaveReason.DISCONNECTED)));
        assertThat(f.registry.snapshot().getFirst().participants()).containsExactly("alice");

        f.outbox.clear();
        var again = f.join("c2-new", "bob", "s1");
        assertThat(again.kind()).isEqualTo(JoinKind.NEW);
        assertThat(f.outbox.to(c("c2-new"))).hasSize(1).first().isInstanceOf(CallEvent.Joined.class);
    }

    @Test
    void aLateTimerOfAnEarlierGracePeriodDoesNothing() {
        f.join("c1", "alice", "s1");
        f.join("c2", "bob", "s1");
        f.registry.disconnected(c("c2"));
        f.join("c2-b", "bob", "s1");
        f.registry.disconnected(c("c2-b"));
        f.outbox.clear();
        var first = f.scheduler.tasks().get(0);
        var second = f.scheduler.tasks().get(1);

        // The first timer was cancelled by the reconnect, but a real one may already have been waiting for the lock.
        first.fire();

        assertThat(f.outbox.all()).isEmpty();
        assertThat(f.registry.participantCount()).isEqualTo(2);

        second.fire();

        assertThat(f.outbox.all())
                .containsExactly(new Delivery(c("c1"), new ParticipantLeft("s1", "bob", LeaveReason.DISCONNECTED)));
    }

    @Test
    void aTimerForAParticipantWhoReconnectedAndLeftDoesNotRemoveTheNewcomerWithTheSameId() {
        f.join("c1", "alice", "s1");
        f.join("c2", "bob", "s1");
        f.registry.disconnected(c("c2"));
        f.join("c2-b", "bob", "s1");
        f.registry.leave(c("c2-b"), "s1");
        f.join("c2-c", "bob", "s1");
        f.outbox.clear();

        f.scheduler.tasks().getFirst().fire();

        assertThat(f.outbox.all()).isEmpty();
        assertThat(f.registry.callOf(c("c2-c"))).contains("s1");
    }

    @Test
    void leavingTellsTheOthersLeftButNotTheLeaver() {
        f.join("c1", "alice", "s1");
        f.join("c2", "bob", "s1");
        f.join("c3", "carol", "s2");
        f.outbox.clear();

        f.registry.leave(c("c1"), "s1");

        assertThat(f.outbox.all())
                .containsExactly(new Delivery(c("c2"), new ParticipantLeft("s1", "alice", LeaveReason.LEFT)));
        assertThat(f.registry.callOf(c("c1"))).isEmpty();
    }

    @Test
    void leavingAnotherCallNamesBothCalls() {
        f.join("c1", "alice", "s1");

        CallException e = catchThrowableOfType(CallException.class, () -> f.registry.leave(c("c1"), "s2"));

        assertThat(e.error()).isEqualTo(CallError.NOT_IN_CALL);
        assertThat(e.getMessage()).isEqualTo("sessionId: 's2' (expected: 's1', the call this connection is in)");
        assertThat(f.registry.callOf(c("c1"))).contains("s1");
    }

    @Test
    void muteTellsTheLiveOthersEvenWhenNothingChanged() {
        f.join("c1", "alice", "s1");
        f.join("c2", "bob", "s1");
        f.join("c3", "carol", "s1");
        f.registry.disconnected(c("c3"));
        f.outbox.clear();

        Participant muted = f.registry.setMuted(c("c1"), MediaKind.VIDEO, true);
        Participant again = f.registry.setMuted(c("c1"), MediaKind.VIDEO, true);

        Participant expected = new Participant("alice", Role.PARTICIPANT, false, true, T0, Optional.empty());
        assertThat(muted).isEqualTo(expected);
        assertThat(again).isEqualTo(expected);
        assertThat(f.outbox.all())
                .containsExactly(
                        new Delivery(c("c2"), new ParticipantUpdated("s1", expected)),
                        new Delivery(c("c2"), new ParticipantUpdated("s1", expected)));

        // Carol missed the update while away; her Joined on reconnect carries the current state.
        var back = f.join("c3-new", "carol", "s1");
        assertThat(back.others()).contains(expected);
    }

    @Test
    void signalsBetweenTwoParticipantsArriveInTheOrderSent() {
        f.join("c1", "alice", "s1");
        f.join("c2", "bob", "s1");
        f.outbox.clear();

        for (int i = 0; i < 10; i++) {
            f.relay("c1", "bob", "m" + i);
        }

        assertThat(f.outbox.to(c("c2")))
                .containsExactlyElementsOf(IntStream.range(0, 10)
                        .mapToObj(i -> relayed("alice", "m" + i))
                        .toList());
    }

    @Test
    void aCallStartsWithItsFirstJoinAndDisappearsWithItsLastParticipant() {
        f.clock.advance(Duration.ofMinutes(1));
        f.join("c1", "alice", "s1");
        f.clock.advance(Duration.ofMinutes(1));
        f.join("c2", "bob", "s1");
        f.join("c3", "carol", "s2");

        assertThat(f.registry.snapshot())
                .containsExactly(
                        new CallSnapshot("s1", List.of("alice", "bob"), T0.plusSeconds(60)),
                        new CallSnapshot("s2", List.of("carol"), T0.plusSeconds(120)));
        assertThat(f.registry.activeCallCount()).isEqualTo(2);
        assertThat(f.registry.participantCount()).isEqualTo(3);

        f.registry.leave(c("c1"), "s1");
        f.registry.disconnected(c("c2"));
        assertThat(f.registry.snapshot().getFirst().participants()).containsExactly("bob");

        f.scheduler.firePending();

        assertThat(f.registry.snapshot())
                .containsExactly(new CallSnapshot("s2", List.of("carol"), T0.plusSeconds(120)));
        assertThat(f.registry.activeCallCount()).isEqualTo(1);
        assertThat(f.registry.participantCount()).isEqualTo(1);

        f.clock.advance(Duration.ofMinutes(1));
        f.join("c4", "dave", "s1");
        assertThat(f.registry.snapshot().getLast())
                .isEqualTo(new CallSnapshot("s1", List.of("dave"), T0.plusSeconds(180)));
    }

    @Test
    void aJoinThatFailsLeavesNoEmptyCallBehind() {
        f.join("c1", "alice", "s1");

        assertThatCode(() -> f.join("c1", "alice", "s2")).isInstanceOf(CallException.class);

        assertThat(f.registry.snapshot()).extracting(CallSnapshot::sessionId).containsExactly("s1");
        assertThat(f.registry.activeCallCount()).isEqualTo(1);
        assertThat(f.registry.callOf(c("c1"))).contains("s1");
    }

    @Test
    void withoutATimerTheDisconnectedParticipantLeavesAtOnce() {
        Scheduler refusing = (delay, task) -> {
            throw new IllegalStateException("shutting down");
        };
        RecordingOutbox outbox = new RecordingOutbox();
        CallRegistry registry = new CallRegistry(
                f.clock, new CallPolicy(16, Fixture.GRACE, 4), refusing, outbox, new RecordingJournal());
        registry.join(Fixture.request("c1", "alice", "s1"));
        registry.join(Fixture.request("c2", "bob", "s1"));
        outbox.clear();

        registry.disconnected(c("c1"));

        assertThat(outbox.all())
                .containsExactly(new Delivery(c("c2"), new ParticipantLeft("s1", "alice", LeaveReason.DISCONNECTED)));
        assertThat(registry.participantCount()).isEqualTo(1);
    }
}
