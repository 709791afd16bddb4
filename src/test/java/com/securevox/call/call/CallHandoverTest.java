package com.securevox.call.call;

import static com.securevox.call.call.Fixture.GRACE;
import static com.securevox.call.call.Fixture.T0;
import static com.securevox.call.call.Fixture.c;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A call carried to another node: what {@link CallHandover#state} exports and how {@link CallHandover#restore} goes on. */
class CallHandoverTest {
    /** The node that served the call, and the node that takes it over. */
    private final Fixture old = Fixture.standard();

    private final Fixture next = Fixture.standard();
    private final CallHandover handover = new CallHandover(next.registry);

    private static Participant participant(String userId, Instant joinedAt) {
        return new Participant(userId, Role.PARTICIPANT, false, false, joinedAt, Optional.empty());
    }

    /** alice (host, muted, with metadata) then bob in s1 on the old node; carol was removed; bob's socket dropped. */
    private CallState served() {
        old.registry.join(new JoinRequest(
                c("a"),
                "alice",
                Role.HOST,
                "s1",
                Optional.of(new Metadata("{\"name\":\"Alice\"}")),
                true,
                false,
                true,
                RecordingJournal.CLIENT));
        old.clock.advance(Duration.ofSeconds(3));
        old.registry.join(new JoinRequest(
                c("b"), "bob", Role.PARTICIPANT, "s1", Optional.empty(), false, false, true, RecordingJournal.CLIENT));
        old.clock.advance(Duration.ofSeconds(1));
        old.registry.join(new JoinRequest(
                c("c"),
                "carol",
                Role.PARTICIPANT,
                "s1",
                Optional.empty(),
                false,
                false,
                true,
                RecordingJournal.CLIENT));
        old.clock.advance(Duration.ofSeconds(1));
        new Moderation(old.registry).remove(c("a"), "carol");
        old.registry.disconnected(c("b"));
        return new CallHandover(old.registry).state("s1").orElseThrow();
    }

    /** An encrypting client of {@code userId} joining s1 on the new node. */
    private Joined rejoin(String connection, String userId) {
        return next.registry.join(new JoinRequest(
                c(connection),
                userId,
                Role.PARTICIPANT,
                "s1",
                Optional.empty(),
                false,
                false,
                true,
                RecordingJournal.CLIENT));
    }

    @Test
    void theStateIsTheCallAsItsClientsKnowItAndWhatItsRulesNeed() {
        CallState state = served();

        assertThat(state.sessionId()).isEqualTo("s1");
        assertThat(state.startedAt()).isEqualTo(T0);
        assertThat(state.e2ee()).isTrue();
        assertThat(state.peakParticipants()).isEqualTo(3);
        assertThat(state.participants())
                .containsExactly(
                        new Participant(
                                "alice", Role.HOST, true, false, T0, Optional.of(new Metadata("{\"name\":\"Alice\"}"))),
                        participant("bob", T0.plusSeconds(3)));
        assertThat(state.removed()).isEqualTo(Map.of("carol", T0.plusSeconds(5)));
    }

    @Test
    void theConnectionsOfACallAreThoseOfItsMembersConnectedNow() {
        served(); // alice on "a", bob away, carol removed

        assertThat(new CallHandover(old.registry).connections("s1")).containsExactly(c("a"));
        assertThat(new CallHandover(old.registry).connections("never")).isEmpty();
    }

    @Test
    void aCallNotInProgressHereHasNoState() {
        old.join("a", "alice", "s1");
        old.registry.leave(c("a"), "s1");

        assertThat(new CallHandover(old.registry).state("s1")).isEmpty();
        assertThat(new CallHandover(old.registry).state("never")).isEmpty();
    }

    @Test
    void restoredEveryoneIsInGraceAndTheJournalHearsItResumedNotStarted() {
        CallState state = served();
        next.clock.advance(Duration.ofSeconds(30));

        handover.restore(state);

        assertThat(next.registry.activeCallCount()).isEqualTo(1);
        assertThat(next.registry.participantCount()).isEqualTo(2);
        assertThat(next.registry.snapshot())
                .as("alice joined muted, and stays so on the new node")
                .containsExactly(new CallSnapshot("s1", List.of("alice", "bob"), T0, true, Set.of("alice"), Set.of()));
        assertThat(next.journal.all())
                .containsExactly(new CallFact.CallResumed("s1", T0, T0.plusSeconds(30), state.participants(), true, 3));
        assertThat(next.scheduler.tasks()).hasSize(2).allSatisfy(t -> assertThat(t.delay)
                .isEqualTo(GRACE));
        assertThat(next.outbox.all()).isEmpty();
    }

    @Test
    void aRejoinAfterRestoreIsReconnectedKeepsItsSlotAndTellsNobody() {
        handover.restore(served());
        rejoin("a2", "alice");
        next.outbox.clear();
        next.journal.clear();

        Joined bob = next.registry.join(new JoinRequest(
                c("b2"), "bob", Role.PARTICIPANT, "s1", Optional.empty(), false, false, true, RecordingJournal.CLIENT));

        assertThat(bob.kind()).isEqualTo(JoinKind.RECONNECTED);
        assertThat(bob.self()).isEqualTo(participant("bob", T0.plusSeconds(3)));
        assertThat(bob.others()).extracting(Participant::userId).containsExactly("alice");
        assertThat(next.outbox.to(c("a2"))).isEmpty();
        assertThat(next.journal.all())
                .as("its session goes on: back, neither joined nor left")
                .singleElement()
                .isInstanceOfSatisfying(CallFact.ParticipantBack.class, back -> assertThat(back.userId())
                        .isEqualTo("bob"));
        assertThat(next.registry.participantCount()).isEqualTo(2);
    }

    @Test
    void theFirstRejoinIsReconnectedToo() {
        handover.restore(served());

        Joined alice = next.registry.join(new JoinRequest(
                c("a2"), "alice", Role.HOST, "s1", Optional.empty(), false, false, true, RecordingJournal.CLIENT));

        assertThat(alice.kind()).isEqualTo(JoinKind.RECONNECTED);
        assertThat(alice.self().audioMuted()).isTrue();
        assertThat(next.journal.all())
                .hasExactlyElementsOfTypes(CallFact.CallResumed.class, CallFact.ParticipantBack.class);
    }

    @Test
    void whoDoesNotComeBackWithinTheGraceLeavesDisconnectedAndTheLastEndsTheCall() {
        handover.restore(served());
        rejoin("a2", "alice");
        next.outbox.clear();
        next.journal.clear();
        next.clock.advance(Duration.ofSeconds(40));

        next.scheduler.firePending();

        CallEvent bobLeft = new CallEvent.ParticipantLeft("s1", "bob", LeaveReason.DISCONNECTED);
        assertThat(next.outbox.to(c("a2"))).containsExactly(bobLeft);
        assertThat(next.journal.all())
                .containsExactly(
                        new CallFact.ParticipantLeft("s1", "bob", LeaveReason.DISCONNECTED, T0.plusSeconds(40)));
        assertThat(next.registry.participantCount()).isEqualTo(1);

        next.registry.leave(c("a2"), "s1");

        assertThat(next.journal.all())
                .last()
                .isEqualTo(new CallFact.CallEnded("s1", T0, T0.plusSeconds(40), 3, LeaveReason.LEFT));
        assertThat(next.registry.activeCallCount()).isZero();
    }

    @Test
    void nobodyComingBackEndsTheCallDisconnected() {
        handover.restore(served());
        next.journal.clear();

        next.scheduler.firePending();

        assertThat(next.journal.all())
                .extracting(f -> f.getClass().getSimpleName())
                .containsExactly("ParticipantLeft", "ParticipantLeft", "CallEnded");
        assertThat(next.registry.activeCallCount()).isZero();
        assertThat(next.registry.participantCount()).isZero();
    }

    @Test
    void aRemovedUserStaysRefusedWithAnOldToken() {
        handover.restore(served());

        assertThatThrownBy(() -> next.registry.join(new JoinRequest(
                        c("c2"),
                        "carol",
                        Role.PARTICIPANT,
                        "s1",
                        Optional.empty(),
                        false,
                        false,
                        true,
                        RecordingJournal.CLIENT,
                        T0.plusSeconds(2))))
                .isInstanceOfSatisfying(
                        CallException.class, e -> assertThat(e.error()).isEqualTo(CallError.REMOVED));
    }

    @Test
    void aCallInProgressHereIsNotRestoredOverAndNothingChanges() {
        CallState state = served();
        next.registry.join(new JoinRequest(
                c("x"), "dave", Role.PARTICIPANT, "s1", Optional.empty(), false, false, true, RecordingJournal.CLIENT));
        next.journal.clear();

        assertThatThrownBy(() -> handover.restore(state))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("call 's1': in progress on this node already (expected: a call no participant joined"
                        + " here yet)");
        assertThat(next.registry.snapshot())
                .singleElement()
                .extracting(CallSnapshot::participants)
                .isEqualTo(List.of("dave"));
        assertThat(next.journal.all()).isEmpty();
        assertThat(next.registry.participantCount()).isEqualTo(1);
        assertThat(next.scheduler.tasks())
                .allSatisfy(t -> assertThat(t.cancelled()).isTrue());
        // The refused call's timers find nothing to do even if they fire.
        next.scheduler.tasks().forEach(ManualScheduler.Task::fire);
        assertThat(next.registry.participantCount()).isEqualTo(1);
    }

    @Test
    void aDetachedCallIsForgottenWithoutAFactItsLiveSocketsReturnedAndGraceTimersCancelled() {
        CallState state = served();
        old.journal.clear();
        int told = old.outbox.all().size();

        Optional<List<ConnectionId>> detached = new CallHandover(old.registry).detach(state);

        assertForgottenWithoutAFact(detached, told);
        assertThat(old.registry.snapshot()).isEmpty();
        // The next meeting of the same id here is a new call.
        old.join("d", "dave", "s1");
        assertThat(old.journal.all()).first().isInstanceOf(CallFact.CallStarted.class);
    }

    /**
     * The served call is gone from {@code old} with nothing recorded or told: alice's socket returned (bob's had dropped:
     * he was in his grace), its grace timers cancelled, and its sockets' ends and a late grace timer find nothing to do.
     */
    private void assertForgottenWithoutAFact(Optional<List<ConnectionId>> released, int told) {
        assertThat(released).contains(List.of(c("a")));
        assertThat(old.journal.all()).isEmpty();
        assertThat(old.outbox.all()).hasSize(told);
        assertThat(old.registry.activeCallCount()).isZero();
        assertThat(old.registry.participantCount()).isZero();
        assertThat(old.registry.callOf(c("a"))).isEmpty();
        assertThat(old.scheduler.tasks())
                .allSatisfy(t -> assertThat(t.cancelled()).isTrue());
        old.registry.disconnected(c("a"));
        old.scheduler.tasks().forEach(ManualScheduler.Task::fire);
        assertThat(old.journal.all()).isEmpty();
    }

    @Test
    void aCallThatChangedSinceItsStateWasWrittenIsNotDetached() {
        CallState state = served();
        old.registry.setMuted(c("a"), MediaKind.AUDIO, false);
        old.journal.clear();

        assertThat(new CallHandover(old.registry).detach(state)).isEmpty();

        assertThat(old.registry.activeCallCount()).isEqualTo(1);
        assertThat(old.registry.callOf(c("a"))).contains("s1");
        assertThat(old.journal.all()).isEmpty();
        assertThat(new CallHandover(old.registry)
                        .detach(new CallHandover(old.registry).state("s1").orElseThrow()))
                .isPresent();
    }

    @Test
    void aCallNotInProgressHereIsNotDetached() {
        CallState state = served();
        new Moderation(old.registry).end(c("a"));

        assertThat(new CallHandover(old.registry).detach(state)).isEmpty();
    }

    @Test
    void aCallLetGoIsForgottenWithoutAFactOrAStateReadEvenIfItChanged() {
        served();
        old.registry.setMuted(c("a"), MediaKind.AUDIO, false); // a state written before this would not match now
        old.journal.clear();
        int told = old.outbox.all().size();

        Optional<List<ConnectionId>> released = new CallHandover(old.registry).letGo("s1");

        assertForgottenWithoutAFact(released, told);
        assertThat(new CallHandover(old.registry).letGo("s1"))
                .as("let go already")
                .isEmpty();
    }

    @Test
    void withoutAGraceACallCannotBeResumed() {
        CallHandover noGrace = new CallHandover(Fixture.withGrace(Duration.ZERO).registry);

        assertThatThrownBy(() -> noGrace.restore(served()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reconnect grace of zero");
    }

    @Test
    void aSchedulerThatRefusesLeavesNothingBehind() {
        Fixture refusing = Fixture.standard();
        CallRegistry registry = new CallRegistry(
                refusing.clock,
                new CallPolicy(16, GRACE, 4),
                (delay, task) -> {
                    throw new IllegalStateException("shutting down");
                },
                refusing.outbox,
                refusing.journal);

        assertThatThrownBy(() -> new CallHandover(registry).restore(served()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("call 's1': cannot start its reconnect grace: shutting down");
        assertThat(registry.activeCallCount()).isZero();
        assertThat(registry.snapshot()).isEmpty();
    }

    static Stream<Arguments> invalidStates() {
        List<Participant> one = List.of(participant("alice", T0));
        Map<String, Instant> withNull = new HashMap<>();
        withNull.put("carol", null);
        return Stream.of(
                Arguments.of("bad id", one, 1, Map.of(), "sessionId: 'bad id' (expected: 1 to 128 characters"),
                Arguments.of("s1", List.of(), 1, Map.of(), "participants of call 's1': none (expected: at least one"),
                Arguments.of(
                        "s1",
                        List.of(participant("alice", T0), participant("alice", T0)),
                        2,
                        Map.of(),
                        "participants of call 's1': 'alice' twice (expected: each user once)"),
                Arguments.of(
                        "s1",
                        List.of(participant("alice", T0.minusMillis(1))),
                        1,
                        Map.of(),
                        "joinedAt of 'alice': 2025-12-31T23:59:59.999Z (expected: not before the call's start,"),
                Arguments.of("s1", one, 0, Map.of(), "peakParticipants: 0 (expected: >= 1, the participants now)"),
                Arguments.of("s1", one, 1, Map.of("bad id", T0), "removed userId: 'bad id' (expected:"),
                Arguments.of("s1", one, 1, withNull, "removed['carol']: null (expected: when it was removed)"));
    }

    @ParameterizedTest(name = "[{index}] {4}")
    @MethodSource("invalidStates")
    void anInvalidStateIsRefusedNamingTheValue(
            String sessionId, List<Participant> participants, int peak, Map<String, Instant> removed, String message) {
        assertThatThrownBy(() -> new CallState(sessionId, T0, false, peak, participants, removed))
                .isInstanceOf(RuntimeException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aValidStateSurvivesTheRoundTripUnchanged() {
        CallState state = served();
        handover.restore(state);

        assertThat(handover.state("s1")).contains(state);
    }
}
