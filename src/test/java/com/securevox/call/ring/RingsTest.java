package com.securevox.call.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.Role;
import com.securevox.call.ring.RingAnswers.Answered;
import com.securevox.call.ring.RingAnswers.Invited;
import com.securevox.call.ring.RingAnswers.InviteeState;
import com.securevox.call.ring.RingNotice.IncomingCall;
import com.securevox.call.ring.RingNotice.IncomingCallEnded;
import com.securevox.call.ring.RingNotice.InviteStateChanged;
import com.securevox.call.ring.RingPush.StopReason;
import com.securevox.call.testing.ManualScheduler;
import com.securevox.call.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ring state machine, with a manual clock and timers, recorded events and a scripted push provider. */
class RingsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(45);
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler();
    private final DevicePresence presence = new DevicePresence();
    private final List<Sent> sent = java.util.Collections.synchronizedList(new ArrayList<>());
    private final ScriptedPush push = new ScriptedPush();
    private final Set<String> inCall = new HashSet<>();
    private final Map<String, Set<String>> members = new HashMap<>();
    private final List<RingFact> facts = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Rings rings = new Rings(
            presence,
            (to, notice) -> sent.add(new Sent(to, notice)),
            facts::add,
            push,
            userIds -> userIds.stream().filter(inCall::contains).collect(java.util.stream.Collectors.toSet()),
            sessionId -> members.getOrDefault(sessionId, Set.of()),
            scheduler,
            clock,
            TIMEOUT,
            GRACE,
            Duration.ofHours(1),
            RingNodes.NONE);

    record Sent(ConnectionId to, RingNotice notice) {}

    /** Pushes nobody unless told: per user, a count now or a future completed by the test. */
    static final class ScriptedPush implements RingPush {
        final Map<String, CompletableFuture<Integer>> pending = new HashMap<>();
        final Map<String, Integer> accepted = new HashMap<>();
        final List<String> stopped = new ArrayList<>();
        final List<Set<String>> liveIds = new ArrayList<>();

        @Override
        public CompletionStage<Integer> ring(PushRing ring, String userId, Set<String> liveDeviceIds) {
            liveIds.add(liveDeviceIds);
            CompletableFuture<Integer> later = pending.get(userId);
            return later != null ? later : CompletableFuture.completedFuture(accepted.getOrDefault(userId, 0));
        }

        @Override
        public void stopped(PushRing ring, String userId, StopReason reason) {
            stopped.add(userId + ":" + reason.wireName());
        }
    }

    private ConnectionId device(String userId, String name) {
        ConnectionId id = new ConnectionId(name);
        rings.deviceConnected(id, userId);
        return id;
    }

    private Invited invite(String caller, ConnectionId from, String... to) {
        return rings.invite(
                caller, from, new Invite(List.of(to), Optional.empty(), PushRing.Media.VIDEO, Optional.empty()));
    }

    private List<RingNotice> to(ConnectionId connection) {
        return sent.stream()
                .filter(s -> s.to().equals(connection))
                .map(Sent::notice)
                .toList();
    }

    private List<String> states(ConnectionId caller) {
        return to(caller).stream()
                .filter(n -> n instanceof InviteStateChanged)
                .map(n -> ((InviteStateChanged) n).userId() + ":"
                        + ((InviteStateChanged) n).state().wireName())
                .toList();
    }

    private List<String> ended(ConnectionId device) {
        return to(device).stream()
                .filter(n -> n instanceof IncomingCallEnded)
                .map(n -> ((IncomingCallEnded) n).reason().wireName())
                .toList();
    }

    private void fireRingTimeout() {
        scheduler.tasks().stream()
                .filter(t -> t.delay.equals(TIMEOUT) && !t.cancelled())
                .forEach(ManualScheduler.Task::fire);
    }

    @Test
    void aLiveDeviceRingsAndTheSecondDeviceAnswersWhileTheFirstIsTold() {
        ConnectionId alice = device("alice", "a1");
        ConnectionId phone = device("bob", "b1");
        ConnectionId laptop = device("bob", "b2");

        Invited invited = invite("alice", alice, "bob");

        assertThat(invited.role()).isEqualTo(Role.HOST);
        assertThat(invited.invitees()).containsExactly(new InviteeState("bob", InviteState.RINGING));
        assertThat(invited.expiresAt()).isEqualTo(clock.instant().plus(TIMEOUT));
        IncomingCall incoming = (IncomingCall) to(phone).get(0);
        assertThat(incoming.sessionId()).isEqualTo(invited.sessionId());
        assertThat(incoming.ringId()).isEqualTo(invited.ringId());
        assertThat(incoming.fromUserId()).isEqualTo("alice");
        assertThat(incoming.metadataJson()).isEqualTo("{}");
        assertThat(to(laptop)).containsExactly(incoming);
        assertThat(states(alice)).containsExactly("bob:ringing");

        Answered accepted = rings.accept("bob", invited.sessionId(), Optional.of(laptop));

        assertThat(accepted.state()).isEqualTo(InviteState.ACCEPTED);
        assertThat(accepted.role()).isEqualTo(Role.PARTICIPANT);
        assertThat(ended(phone)).containsExactly("answered_elsewhere");
        assertThat(ended(laptop)).isEmpty();
        assertThat(states(alice)).containsExactly("bob:ringing", "bob:accepted");
        assertThat(rings.grant("bob", invited.sessionId()))
                .contains(new RingAnswers.Grant("bob", invited.sessionId(), Role.PARTICIPANT));
        assertThat(rings.grant("alice", invited.sessionId()))
                .contains(new RingAnswers.Grant("alice", invited.sessionId(), Role.HOST));
        assertThat(rings.grant("carol", invited.sessionId())).isEmpty();
        // The ring is over: its timer was called off and firing it anyway changes nothing.
        fireRingTimeout();
        assertThat(states(alice)).containsExactly("bob:ringing", "bob:accepted");
    }

    @Test
    void nobodyWithoutADeviceOrAnAcceptedPushIsUnreachable() {
        ConnectionId alice = device("alice", "a1");

        Invited invited = invite("alice", alice, "bob");

        assertThat(invited.invitees()).containsExactly(new InviteeState("bob", InviteState.UNREACHABLE));
        assertThat(states(alice)).containsExactly("bob:unreachable");
        assertThat(scheduler.tasks().stream().filter(t -> t.delay.equals(TIMEOUT)))
                .allMatch(ManualScheduler.Task::cancelled);
    }

    @Test
    void aPushTheProviderAcceptsLaterRingsAndIsToldWhenTheRingStops() {
        ConnectionId alice = device("alice", "a1");
        CompletableFuture<Integer> later = new CompletableFuture<>();
        push.pending.put("bob", later);

        Invited invited = invite("alice", alice, "bob");
        assertThat(invited.invitees()).containsExactly(new InviteeState("bob", InviteState.CALLING));

        later.complete(2);
        assertThat(states(alice)).containsExactly("bob:ringing");
        rings.accept("bob", invited.sessionId(), Optional.empty());
        assertThat(push.stopped).containsExactly("bob:answered_elsewhere");
    }

    @Test
    void liveDevicesAreLeftOutOfThePush() {
        ConnectionId alice = device("alice", "a1");
        ConnectionId phone = device("bob", "b1");
        presence.identify(phone, "dev-phone");
        device("bob", "b2");

        invite("alice", alice, "bob");

        assertThat(push.liveIds).containsExactly(Set.of("dev-phone"));
    }

    @Test
    void aRingThatTimesOutIsMissedOnEveryDeviceAndPush() {
        ConnectionId alice = device("alice", "a1");
        ConnectionId phone = device("bob", "b1");
        push.accepted.put("bob", 1);
        Invited invited = invite("alice", alice, "bob");

        clock.advance(TIMEOUT);
        fireRingTimeout();

        assertThat(states(alice)).containsExactly("bob:ringing", "bob:missed");
        assertThat(ended(phone)).containsExactly("missed");
        assertThat(push.stopped).containsExactly("bob:missed");
        assertThat(rings.status("bob", invited.sessionId()).state()).isEqualTo("missed");
        assertThat(rings.status("alice", invited.sessionId()).state()).isEqualTo("ended");
        assertThatThrownBy(() -> rings.accept("bob", invited.sessionId(), Optional.of(phone)))
                .isInstanceOfSatisfying(
                        RingException.class, e -> assertThat(e.error()).isEqualTo(RingError.CONFLICT))
                .hasMessageContaining("state missed");
    }

    @Test
    void declinesEndTheRingOnTheOtherDevices() {
        ConnectionId alice = device("alice", "a1");
        ConnectionId phone = device("bob", "b1");
        ConnectionId laptop = device("bob", "b2");
        Invited invited = invite("alice", alice, "bob");

        Answered declined = rings.decline("bob", invited.sessionId(), false, Optional.of(phone));

        assertThat(declined.state()).isEqualTo(InviteState.DECLINED);
        assertThat(ended(laptop)).containsExactly("declined_elsewhere");
        assertThat(ended(phone)).isEmpty();
        assertThat(states(alice)).containsExactly("bob:ringing", "bob:declined");
        assertThat(rings.grant("bob", invited.sessionId())).isEmpty();
    }

    @Test
    void aDeclineForBusyIsBusyForTheCaller() {
        ConnectionId alice = device("alice", "a1");
        ConnectionId phone = device("bob", "b1");
        Invited invited = invite("alice", alice, "bob");

        assertThat(rings.decline("bob", invited.sessionId(), true, Optional.of(phone))
                        .state())
                .isEqualTo(InviteState.BUSY);
        assertThat(states(alice)).containsExactly("bob:ringing", "bob:busy");
    }

    @Test
    void someoneInACallIsBusyAndNotRung() {
        ConnectionId alice = device("alice", "a1");
        ConnectionId phone = device("bob", "b1");
        inCall.add("bob");

        Invited invited = invite("alice", alice, "bob");

        assertThat(invited.invitees()).containsExactly(new InviteeState("bob", InviteState.BUSY));
        assertThat(to(phone)).isEmpty();
    }

    @Test
    void someoneWhoJustAcceptedAnotherRingOrIsRingingOthersIsBusy() {
        ConnectionId alice = device("alice", "a1");
        ConnectionId bob = device("bob", "b1");
        ConnectionId carol = device("carol", "c1");
        device("dave", "d1");
        Invited first = invite("alice", alice, "bob");
        rings.accept("bob", first.sessionId(), Optional.of(bob));
        invite("carol", carol, "dave");

        Invited second = invite("eve", device("eve", "e1"), "bob", "carol", "dave");

        assertThat(second.invitees())
                .containsExactly(
                        new InviteeState("bob", InviteState.BUSY),
                        new InviteeState("carol", InviteState.BUSY),
                        new InviteeState("dave", InviteState.RINGING));
        // Once the accept is older than a ring timeout, the accepter is free again (unless in the call).
        clock.advance(TIMEOUT);
        Invited third = invite("frank", device("frank", "f1"), "bob");
        assertThat(third.invitees()).containsExactly(new InviteeState("bob", InviteState.RINGING));
    }

    @Test
    void theCallerCancelsOnlyItsOwnRingAndACancelIsAnsweredTheSameTwice() {
        ConnectionId alice = device("alice", "a1");
        ConnectionId phone = device("bob", "b1");
        push.accepted.put("bob", 1);
        Invited invited = invite("alice", alice, "bob");

        assertThatThrownBy(() -> rings.cancel("bob", invited.sessionId()))
                .isInstanceOfSatisfying(
                        RingException.class, e -> assertThat(e.error()).isEqualTo(RingError.FORBIDDEN));
        Answered cancelled = rings.cancel("alice", invited.sessionId());

        assertThat(cancelled.state()).isEqualTo(InviteState.CANCELLED);
        assertThat(rings.cancel("alice", invited.sessionId())).isEqualTo(cancelled);
        assertThat(ended(phone)).containsExactly("cancelled");
        assertThat(push.stopped).containsExactly("bob:cancelled");
        assertThat(states(alice)).containsExactly("bob:ringing", "bob:cancelled");
    }

    @Test
    void cancellingARingNobodyRingsAnyMoreIsAConflict() {
        ConnectionId alice = device("alice", "a1");
        ConnectionId phone = device("bob", "b1");
        Invited invited = invite("alice", alice, "bob");
        rings.decline("bob", invited.sessionId(), false, Optional.of(phone));

        assertThatThrownBy(() -> rings.cancel("alice", invited.sessionId()))
                .isInstanceOfSatisfying(
                        RingException.class, e -> assertThat(e.error()).isEqualTo(RingError.CONFLICT));
    }

    @Test
    void glareMakesOneCallInWhichTheSecondCallerAccepted() {
        ConnectionId alice = device("alice", "a1");
        ConnectionId bob = device("bob", "b1");
        ConnectionId bobLaptop = device("bob", "b2");
        Invited first = invite("alice", alice, "bob");

        Invited second = invite("bob", bob, "alice");

        assertThat(second.sessionId()).isEqualTo(first.sessionId());
        assertThat(second.ringId()).isEqualTo(first.ringId());
        assertThat(second.role()).isEqualTo(Role.PARTICIPANT);
        assertThat(second.invitees()).containsExactly(new InviteeState("alice", InviteState.ACCEPTED));
        assertThat(states(alice)).containsExactly("bob:ringing", "bob:accepted");
        assertThat(ended(bobLaptop)).containsExactly("answered_elsewhere");
        assertThat(to(alice)).noneMatch(n -> n instanceof IncomingCall);
        // Retried with the call it was answered with, the glare invite answers the same.
        assertThat(rings.invite(
                        "bob",
                        bob,
                        new Invite(
                                List.of("alice"),
                                Optional.of(first.sessionId()),
                                PushRing.Media.VIDEO,
                                Optional.empty())))
                .isEqualTo(second);
    }

    @Test
    void retriedInvitesAcceptsAndDeclinesGetTheFirstAnswer() {
        ConnectionId alice = device("alice", "a1");
        ConnectionId bob = device("bob", "b1");
        ConnectionId carol = device("carol", "c1");
        Invite ask = new Invite(
                List.of("bob", "carol"), Optional.of("call_1"), PushRing.Media.AUDIO, Optional.of("{\"n\":1}"));
        Invited invited = rings.invite("alice", alice, ask);

        assertThat(rings.invite("alice", alice, ask)).isEqualTo(invited);
        Answered accepted = rings.accept("bob", "call_1", Optional.of(bob));
        assertThat(rings.accept("bob", "call_1", Optional.of(bob))).isEqualTo(accepted);
        Answered declined = rings.decline("carol", "call_1", false, Optional.of(carol));
        assertThat(rings.decline("carol", "call_1", false, Optional.of(carol))).isEqualTo(declined);
        // One incoming call each, and each state change told once.
        assertThat(to(bob).stream().filter(n -> n instanceof IncomingCall)).hasSize(1);
        assertThat(states(alice)).containsExactly("bob:ringing", "carol:ringing", "bob:accepted", "carol:declined");
        assertThatThrownBy(() -> rings.decline("bob", "call_1", false, Optional.of(bob)))
                .isInstanceOfSatisfying(
                        RingException.class, e -> assertThat(e.error()).isEqualTo(RingError.CONFLICT));
    }

    @Test
    void aUserIsInvitedAtMostOncePerCall() {
        ConnectionId alice = device("alice", "a1");
        ConnectionId bob = device("bob", "b1");
        device("carol", "c1");
        rings.invite(
                "alice",
                alice,
                new Invite(List.of("bob"), Optional.of("call_1"), PushRing.Media.AUDIO, Optional.empty()));
        rings.decline("bob", "call_1", false, Optional.of(bob));

        assertThatThrownBy(() -> rings.invite(
                        "alice",
                        alice,
                        new Invite(
                                List.of("carol", "bob"),
                                Optional.of("call_1"),
                                PushRing.Media.AUDIO,
                                Optional.empty())))
                .isInstanceOfSatisfying(
                        RingException.class, e -> assertThat(e.error()).isEqualTo(RingError.ALREADY_INVITED))
                .hasMessageContaining("to[1]: 'bob'")
                .hasMessageContaining("state declined");
        assertThatThrownBy(() -> rings.invite(
                        "carol",
                        device("carol", "c2"),
                        new Invite(List.of("dave"), Optional.of("call_1"), PushRing.Media.AUDIO, Optional.empty())))
                .isInstanceOfSatisfying(
                        RingException.class, e -> assertThat(e.error()).isEqualTo(RingError.CONFLICT));
    }

    @Test
    void aGroupRingEndsEachInviteeOnItsOwn() {
        ConnectionId alice = device("alice", "a1");
        ConnectionId bob = device("bob", "b1");
        ConnectionId carol = device("carol", "c1");
        device("dave", "d1");
        inCall.add("erin");
        Invited invited = invite("alice", alice, "bob", "carol", "dave", "erin", "frank");

        assertThat(invited.invitees())
                .extracting(InviteeState::state)
                .containsExactly(
                        InviteState.RINGING,
                        InviteState.RINGING,
                        InviteState.RINGING,
                        InviteState.BUSY,
                        InviteState.UNREACHABLE);
        rings.accept("bob", invited.sessionId(), Optional.of(bob));
        rings.decline("carol", invited.sessionId(), false, Optional.of(carol));
        fireRingTimeout();

        assertThat(rings.status("alice", invited.sessionId()).invitees())
                .extracting(InviteeState::state)
                .containsExactly(
                        InviteState.ACCEPTED,
                        InviteState.DECLINED,
                        InviteState.MISSED,
                        InviteState.BUSY,
                        InviteState.UNREACHABLE);
    }

    @Test
    void aCallerGoneLongerThanTheGraceCancelsItsRing() {
        ConnectionId alice = device("alice", "a1");
        ConnectionId bob = device("bob", "b1");
        Invited invited = invite("alice", alice, "bob");

        rings.deviceGone(alice);
        scheduler.tasks().stream().filter(t -> t.delay.equals(GRACE)).forEach(ManualScheduler.Task::fire);

        assertThat(ended(bob)).containsExactly("cancelled");
        assertThat(rings.status("bob", invited.sessionId()).state()).isEqualTo("cancelled");
    }

    @Test
    void aCallerBackWithinTheGraceKeepsItsRing() {
        ConnectionId alice = device("alice", "a1");
        ConnectionId bob = device("bob", "b1");
        Invited invited = invite("alice", alice, "bob");

        rings.deviceGone(alice);
        ConnectionId again = device("alice", "a2");
        scheduler.tasks().stream().filter(t -> t.delay.equals(GRACE)).forEach(ManualScheduler.Task::fire);

        assertThat(ended(bob)).isEmpty();
        rings.accept("bob", invited.sessionId(), Optional.of(bob));
        assertThat(states(again)).containsExactly("bob:accepted");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "alice     | to[0]: 'alice' (expected: someone else: it is you)",
                "bob,bob   | to[1]: 'bob' (expected: each user once)",
                "bob,alice | to[1]: 'alice' (expected: someone else: it is you)",
            })
    void invitesNameSomeoneElseOnce(String to, String message) {
        ConnectionId alice = device("alice", "a1");
        assertThatThrownBy(() -> invite("alice", alice, to.split(",")))
                .isInstanceOfSatisfying(
                        RingException.class, e -> assertThat(e.error()).isEqualTo(RingError.INVALID))
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0} asks about call {1}")
    @CsvSource({"carol, call_1", "bob, call_2"})
    void onlyPartiesSeeARing(String userId, String sessionId) {
        ConnectionId alice = device("alice", "a1");
        device("bob", "b1");
        rings.invite(
                "alice",
                alice,
                new Invite(List.of("bob"), Optional.of("call_1"), PushRing.Media.AUDIO, Optional.empty()));

        assertThatThrownBy(() -> rings.status(userId, sessionId))
                .isInstanceOfSatisfying(
                        RingException.class, e -> assertThat(e.error()).isEqualTo(RingError.NOT_FOUND));
        assertThatThrownBy(() -> rings.accept(userId, sessionId, Optional.empty()))
                .isInstanceOfSatisfying(
                        RingException.class, e -> assertThat(e.error()).isEqualTo(RingError.NOT_FOUND));
    }

    @Test
    void theCallerCannotAnswerItsOwnRing() {
        ConnectionId alice = device("alice", "a1");
        device("bob", "b1");
        Invited invited = invite("alice", alice, "bob");

        assertThatThrownBy(() -> rings.accept("alice", invited.sessionId(), Optional.of(alice)))
                .isInstanceOfSatisfying(
                        RingException.class, e -> assertThat(e.error()).isEqualTo(RingError.FORBIDDEN));
    }

    @Test
    void inviteesThePolicyRefusesAreNotRungAndARingOfNobodyElseIsRefused() {
        ConnectionId alice = device("alice", "a1");
        ConnectionId bob = device("bob", "b1");
        ConnectionId carol = device("carol", "c1");
        Invite both = new Invite(List.of("bob", "carol"), Optional.empty(), PushRing.Media.AUDIO, Optional.empty());

        Invited invited = rings.invite("alice", alice, both, Set.of("carol"));

        assertThat(invited.invitees())
                .containsExactly(
                        new InviteeState("bob", InviteState.RINGING), new InviteeState("carol", InviteState.FORBIDDEN));
        assertThat(to(carol)).isEmpty();
        assertThat(to(bob)).hasSize(1);
        assertThatThrownBy(() -> rings.invite("alice", alice, both, Set.of("bob", "carol")))
                .isInstanceOfSatisfying(
                        RingException.class, e -> assertThat(e.error()).isEqualTo(RingError.FORBIDDEN));
    }

    @Test
    void aRingIsForgottenAfterItsTimeoutAndTheTokenLifetimeAndItsCallMayBeRungAgain() {
        ConnectionId alice = device("alice", "a1");
        ConnectionId bob = device("bob", "b1");
        Invite ask = new Invite(List.of("bob"), Optional.of("call_1"), PushRing.Media.AUDIO, Optional.empty());
        Invited first = rings.invite("alice", alice, ask);
        rings.accept("bob", "call_1", Optional.of(bob));

        scheduler.tasks().stream()
                .filter(t -> t.delay.equals(TIMEOUT.plus(Duration.ofHours(1))))
                .forEach(ManualScheduler.Task::fire);

        assertThatThrownBy(() -> rings.status("bob", "call_1"))
                .isInstanceOfSatisfying(
                        RingException.class, e -> assertThat(e.error()).isEqualTo(RingError.NOT_FOUND));
        assertThat(rings.grant("bob", "call_1")).isEmpty();
        clock.advance(TIMEOUT.plus(Duration.ofHours(1)));
        Invited again = rings.invite("alice", alice, ask);
        assertThat(again.ringId()).isNotEqualTo(first.ringId());
        assertThat(again.invitees()).containsExactly(new InviteeState("bob", InviteState.RINGING));
        // The forgotten ring no longer counts for the caller's disconnect either: only the new one is cancelled.
        rings.deviceGone(alice);
        scheduler.tasks().stream().filter(t -> t.delay.equals(GRACE)).forEach(ManualScheduler.Task::fire);
        assertThat(ended(bob)).containsExactly("cancelled");
    }

    @Test
    void twoPeopleInvitingEachOtherAtTheSameMomentAlwaysMakeOneCall() throws Exception {
        for (int round = 0; round < 200; round++) {
            String alice = "alice" + round;
            String bob = "bob" + round;
            ConnectionId alices = device(alice, "a" + round);
            ConnectionId bobs = device(bob, "b" + round);
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.Callable<Invited> fromAlice = () -> {
                start.await();
                return invite(alice, alices, bob);
            };
            java.util.concurrent.Callable<Invited> fromBob = () -> {
                start.await();
                return invite(bob, bobs, alice);
            };
            try (var threads = java.util.concurrent.Executors.newFixedThreadPool(2)) {
                var first = threads.submit(fromAlice);
                var second = threads.submit(fromBob);
                Invited a = first.get(5, java.util.concurrent.TimeUnit.SECONDS);
                Invited b = second.get(5, java.util.concurrent.TimeUnit.SECONDS);

                assertThat(a.sessionId()).as("round %d", round).isEqualTo(b.sessionId());
                assertThat(List.of(a.role(), b.role())).containsExactlyInAnyOrder(Role.HOST, Role.PARTICIPANT);
            }
        }
    }

    @Test
    void presenceForgetsAConnectionWhenItGoes() {
        ConnectionId phone = device("bob", "b1");
        ConnectionId laptop = device("bob", "b2");

        rings.deviceGone(phone);

        assertThat(presence.of("bob"))
                .extracting(DevicePresence.Device::connection)
                .containsExactly(laptop);
        rings.deviceGone(laptop);
        assertThat(presence.of("bob")).isEmpty();
    }

    /** The journal's facts, short: {@code invited:bob=ringing,...}, {@code bob:accepted}, {@code over:accepted}. */
    private List<String> journal() {
        return facts.stream()
                .map(f -> switch (f) {
                    case RingFact.Invited i ->
                        "invited:"
                                + i.invitees().stream()
                                        .map(v -> v.userId() + "=" + v.state().wireName())
                                        .collect(java.util.stream.Collectors.joining(","));
                    case RingFact.Decided d -> d.userId() + ":" + d.state().wireName();
                    case RingFact.Over o -> o.accepted() ? "over:accepted" : "over";
                })
                .toList();
    }

    @Test
    void anAcceptIsToldWithHowItCame() {
        ConnectionId alice = device("alice", "a1");
        ConnectionId bob = device("bob", "b1");
        ConnectionId carol = device("carol", "c1");
        device("dave", "d1");
        Invited group = invite("alice", alice, "bob", "carol");
        rings.accept("bob", group.sessionId(), Optional.of(bob));
        rings.accept("carol", group.sessionId(), Optional.empty());
        rings.decline("dave", invite("carol", carol, "dave").sessionId(), false, Optional.empty());
        ConnectionId erin = device("erin", "e1");
        invite("dave", device("dave", "d2"), "erin");
        invite("erin", erin, "dave"); // glare: erin's invite accepts dave's ring

        assertThat(facts.stream()
                        .filter(RingFact.Decided.class::isInstance)
                        .map(RingFact.Decided.class::cast)
                        .map(d -> d.userId() + ":" + d.state().wireName()
                                + d.via().map(v -> "/" + v.wireName()).orElse("")))
                .containsExactly("bob:accepted/socket", "carol:accepted/rest", "dave:declined", "erin:accepted/glare");
    }

    @Test
    void theJournalHearsTheRingThenEachOutcomeThenTheEnd() {
        ConnectionId alice = device("alice", "a1");
        ConnectionId phone = device("bob", "b1");
        Invited invited = invite("alice", alice, "bob");
        clock.advance(Duration.ofSeconds(3));

        rings.accept("bob", invited.sessionId(), Optional.of(phone));

        assertThat(journal()).containsExactly("invited:bob=ringing", "bob:accepted", "over:accepted");
        RingFact.Invited first = (RingFact.Invited) facts.get(0);
        assertThat(first.sessionId()).isEqualTo(invited.sessionId());
        assertThat(first.ringId()).isEqualTo(invited.ringId());
        assertThat(first.caller()).isEqualTo("alice");
        assertThat(first.media()).isEqualTo(PushRing.Media.VIDEO);
        assertThat(first.expiresAt()).isEqualTo(invited.expiresAt());
        assertThat(first.at()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(facts.get(1).at()).isEqualTo(Instant.parse("2026-01-01T00:00:03Z"));
        assertThat(facts).extracting(RingFact::ringId).containsOnly(invited.ringId());
    }

    @Test
    void aGroupRingsOutcomesAreEachToldOnceAndTheRingEndsWhenTheLastIsDecided() {
        ConnectionId alice = device("alice", "a1");
        device("bob", "b1");
        device("carol", "c1");
        device("erin", "e1");
        inCall.add("dave");
        Invited invited = rings.invite(
                "alice",
                alice,
                new Invite(
                        List.of("bob", "carol", "dave", "erin", "frank", "gina"),
                        Optional.empty(),
                        PushRing.Media.AUDIO,
                        Optional.empty()),
                Set.of("gina"));

        rings.decline("bob", invited.sessionId(), false, Optional.empty());
        rings.decline("carol", invited.sessionId(), true, Optional.empty());
        fireRingTimeout();
        fireRingTimeout();

        assertThat(journal())
                .containsExactly(
                        "invited:bob=ringing,carol=ringing,dave=busy,erin=ringing,frank=unreachable,gina=forbidden",
                        "dave:busy",
                        "frank:unreachable",
                        "gina:forbidden",
                        "bob:declined",
                        "carol:busy",
                        "erin:missed",
                        "over");
    }

    @Test
    void aCancelledRingTellsEachInviteeStillRinging() {
        ConnectionId alice = device("alice", "a1");
        ConnectionId phone = device("bob", "b1");
        device("carol", "c1");
        Invited invited = invite("alice", alice, "bob", "carol");
        rings.accept("bob", invited.sessionId(), Optional.of(phone));

        rings.cancel("alice", invited.sessionId());
        rings.cancel("alice", invited.sessionId());

        assertThat(journal())
                .containsExactly(
                        "invited:bob=ringing,carol=ringing", "bob:accepted", "carol:cancelled", "over:accepted");
    }

    @Test
    void aRingNobodyCouldBeRungIsOverAtOnce() {
        ConnectionId alice = device("alice", "a1");
        inCall.add("bob");

        invite("alice", alice, "bob");

        assertThat(journal()).containsExactly("invited:bob=busy", "bob:busy", "over");
    }

    private static Invite into(String sessionId, String... to) {
        return new Invite(List.of(to), Optional.of(sessionId), PushRing.Media.AUDIO, Optional.of("{\"n\":2}"));
    }

    private static void refused(Runnable call, RingError error, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        RingException.class, e -> assertThat(e.error()).isEqualTo(error))
                .hasMessageContaining(message);
    }

    @Test
    void anInviteeWhoAcceptedAddsSomeoneToTheCallWithARingOfItsOwn() {
        ConnectionId alice = device("alice", "a1");
        ConnectionId bob = device("bob", "b1");
        ConnectionId carol = device("carol", "c1");
        device("erin", "e1");
        Invited first = invite("alice", alice, "bob", "erin");
        rings.accept("bob", first.sessionId(), Optional.of(bob));
        clock.advance(Duration.ofSeconds(10));

        Invited added = rings.invite("bob", bob, into(first.sessionId(), "carol"));

        assertThat(added.sessionId()).isEqualTo(first.sessionId());
        assertThat(added.ringId()).isNotEqualTo(first.ringId());
        assertThat(added.role()).as("adding people makes nobody host").isEqualTo(Role.PARTICIPANT);
        assertThat(added.expiresAt()).isEqualTo(clock.instant().plus(TIMEOUT));
        assertThat(added.invitees()).containsExactly(new InviteeState("carol", InviteState.RINGING));
        IncomingCall incoming = (IncomingCall) to(carol).get(0);
        assertThat(incoming.sessionId()).isEqualTo(first.sessionId());
        assertThat(incoming.ringId()).isEqualTo(added.ringId());
        assertThat(incoming.fromUserId()).isEqualTo("bob");
        assertThat(incoming.metadataJson()).isEqualTo("{\"n\":2}");
        assertThat(incoming.invitees()).containsExactly("carol");
        // The same invite again is answered the same, and rings nobody again.
        assertThat(rings.invite("bob", bob, into(first.sessionId(), "carol"))).isEqualTo(added);
        assertThat(to(carol).stream().filter(IncomingCall.class::isInstance)).hasSize(1);

        rings.accept("carol", first.sessionId(), Optional.of(carol));

        // The one who added and the caller both follow the added ring.
        assertThat(states(bob)).containsExactly("carol:ringing", "carol:accepted");
        assertThat(states(alice))
                .containsExactly("bob:ringing", "erin:ringing", "bob:accepted", "carol:ringing", "carol:accepted");
        assertThat(rings.grant("carol", first.sessionId()))
                .map(RingAnswers.Grant::role)
                .contains(Role.PARTICIPANT);
        assertThat(rings.grant("bob", first.sessionId()))
                .map(RingAnswers.Grant::role)
                .contains(Role.PARTICIPANT);
        assertThat(rings.grant("alice", first.sessionId()))
                .map(RingAnswers.Grant::role)
                .contains(Role.HOST);
        RingFact.Invited addition = facts.stream()
                .filter(RingFact.Invited.class::isInstance)
                .map(RingFact.Invited.class::cast)
                .filter(f -> f.ringId().equals(added.ringId()))
                .findFirst()
                .orElseThrow();
        assertThat(addition.caller()).isEqualTo("bob");
        assertThat(addition.addedTo()).contains(first.ringId());
        // erin's first ring keeps ringing on its own timer, carol's added one is over.
        fireRingTimeout();
        assertThat(states(alice)).endsWith("erin:missed");
        assertThat(rings.status("erin", first.sessionId()).state()).isEqualTo("missed");
        assertThat(rings.status("carol", first.sessionId()).ringId()).isEqualTo(added.ringId());
    }

    @Test
    void onlySomeoneInTheCallAddsAndOnlyPeopleNotInvitedBefore() {
        ConnectionId alice = device("alice", "a1");
        ConnectionId bob = device("bob", "b1");
        ConnectionId carol = device("carol", "c1");
        ConnectionId dave = device("dave", "d1");
        Invited first = invite("alice", alice, "bob", "carol");
        String call = first.sessionId();
        rings.decline("carol", call, false, Optional.of(carol));

        refused(() -> rings.invite("bob", bob, into(call, "erin")), RingError.CONFLICT, "a call you rang or accepted");
        refused(() -> rings.invite("carol", carol, into(call, "erin")), RingError.CONFLICT, "has been rung by 'alice'");
        refused(() -> rings.invite("dave", dave, into(call, "erin")), RingError.CONFLICT, "has been rung by 'alice'");
        refused(
                () -> rings.invite("alice", alice, into(call, "erin", "carol")),
                RingError.ALREADY_INVITED,
                "to[1]: 'carol'");

        // The caller adds someone: host of the call still, and its cancel ends every ring of the call it started.
        Invited added = rings.invite("alice", alice, into(call, "dave"));
        assertThat(added.role()).isEqualTo(Role.HOST);
        refused(
                () -> rings.invite("alice", alice, into(call, "dave", "erin")),
                RingError.ALREADY_INVITED,
                "to[0]: 'dave'");
        Answered cancelled = rings.cancel("alice", call);

        assertThat(cancelled.ringId()).isEqualTo(added.ringId());
        assertThat(ended(bob)).containsExactly("cancelled");
        assertThat(ended(dave)).containsExactly("cancelled");
        assertThat(rings.cancel("alice", call)).isEqualTo(cancelled);
        refused(() -> rings.cancel("dave", call), RingError.FORBIDDEN, "was rung by 'alice'");
    }

    @Test
    void onceTheCallHasBegunOnlyThoseInItNowAddPeople() {
        ConnectionId alice = device("alice", "a1");
        ConnectionId bob = device("bob", "b1");
        device("carol", "c1");
        device("dave", "d1");
        Invited first = invite("alice", alice, "bob");
        String call = first.sessionId();
        rings.accept("bob", call, Optional.of(bob));
        members.put(call, Set.of("alice", "bob"));

        // bob accepted and left: the ring alone still calls him a participant, but the call goes on without him.
        members.put(call, Set.of("alice"));
        refused(
                () -> rings.invite("bob", bob, into(call, "carol")),
                RingError.CONFLICT,
                "'bob' is not in the call now (expected: a call you are in, to add people to it)");
        assertThat(sent.stream()
                        .filter(s -> s.notice() instanceof IncomingCall i
                                && i.invitees().contains("carol")))
                .as("nobody rung")
                .isEmpty();

        // Those in it still add people.
        assertThat(rings.invite("alice", alice, into(call, "dave")).invitees())
                .containsExactly(new InviteeState("dave", InviteState.RINGING));
    }
}
