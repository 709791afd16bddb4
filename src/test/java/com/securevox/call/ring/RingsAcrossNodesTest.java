package com.securevox.call.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.call.ConnectionId;
import com.securevox.call.ring.DeviceDirectory.Remote;
import com.securevox.call.ring.RingAnswers.Invited;
import com.securevox.call.ring.RingAnswers.InviteeState;
import com.securevox.call.ring.RingNotice.IncomingCall;
import com.securevox.call.ring.RingNotice.IncomingCallEnded;
import com.securevox.call.ring.RingNotice.InviteStateChanged;
import com.securevox.call.testing.ManualScheduler;
import com.securevox.call.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A ring whose parties have device connections on other nodes, as the directory listed them at the invite. */
class RingsAcrossNodesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(45);
    private static final Duration KEPT = Duration.ofHours(1);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<Object> local = Collections.synchronizedList(new ArrayList<>());
    private final List<Relayed> relayed = Collections.synchronizedList(new ArrayList<>());
    private final List<String> rung = new ArrayList<>();
    private final List<String> forgotten = new ArrayList<>();
    private final RingsTest.ScriptedPush push = new RingsTest.ScriptedPush();
    private final Rings rings = new Rings(
            new DevicePresence(),
            (to, notice) -> local.add(notice),
            fact -> {},
            push,
            userIds -> Set.of(),
            sessionId -> Set.of(),
            scheduler,
            clock,
            TIMEOUT,
            Duration.ofSeconds(10),
            KEPT,
            new RingNodes(DeviceDirectory.NONE, (to, notice) -> relayed.add(new Relayed(to, notice)), new RungCalls() {
                @Override
                public void rung(String sessionId) {
                    rung.add(sessionId);
                }

                @Override
                public void forgotten(String sessionId) {
                    forgotten.add(sessionId);
                }
            }));

    record Relayed(Remote to, RingNotice notice) {}

    private static final Remote BOBS_PHONE =
            new Remote("node-b", new ConnectionId("b-phone"), "bob", Optional.of("device-phone"));
    private static final Remote BOBS_LAPTOP =
            new Remote("node-c", new ConnectionId("b-laptop"), "bob", Optional.empty());
    private static final Remote ALICES_TABLET =
            new Remote("node-b", new ConnectionId("a-tablet"), "alice", Optional.empty());

    private List<RingNotice> to(Remote device) {
        return relayed.stream()
                .filter(r -> r.to().equals(device))
                .map(Relayed::notice)
                .toList();
    }

    private Invited ring() {
        return ring(Set.of());
    }

    private Invited ring(Set<String> inCallElsewhere) {
        ConnectionId alice = new ConnectionId("a-phone");
        rings.deviceConnected(alice, "alice");
        return rings.invite(
                "alice",
                alice,
                new Invite(List.of("bob"), Optional.empty(), PushRing.Media.AUDIO, Optional.empty()),
                Set.of(),
                Map.of("bob", List.of(BOBS_PHONE, BOBS_LAPTOP), "alice", List.of(ALICES_TABLET)),
                inCallElsewhere);
    }

    @Test
    void someoneInACallAnotherNodeServesIsBusyAndNotRung() {
        Invited invited = ring(Set.of("bob"));

        assertThat(invited.invitees()).containsExactly(new InviteeState("bob", InviteState.BUSY));
        assertThat(to(BOBS_PHONE)).noneMatch(n -> n instanceof IncomingCall);
        assertThat(push.liveIds).isEmpty();
    }

    @Test
    void devicesOnOtherNodesRingAndTheirPushIsLeftOut() {
        Invited invited = ring();

        assertThat(invited.invitees()).containsExactly(new InviteeState("bob", InviteState.RINGING));
        assertThat(to(BOBS_PHONE)).singleElement().isInstanceOf(IncomingCall.class);
        assertThat(to(BOBS_LAPTOP)).singleElement().isInstanceOf(IncomingCall.class);
        assertThat(push.liveIds).containsExactly(Set.of("device-phone"));
        assertThat(to(ALICES_TABLET))
                .containsExactly(new InviteStateChanged(invited.sessionId(), "bob", InviteState.RINGING));
    }

    @Test
    void anAcceptOnAnotherNodesDeviceStopsTheOthersButNotIt() {
        Invited invited = ring();

        rings.accept("bob", invited.sessionId(), Optional.of(BOBS_LAPTOP.connection()));

        assertThat(to(BOBS_PHONE))
                .contains(new IncomingCallEnded(invited.sessionId(), RingPush.StopReason.ANSWERED_ELSEWHERE));
        assertThat(to(BOBS_LAPTOP)).noneMatch(n -> n instanceof IncomingCallEnded);
        assertThat(to(ALICES_TABLET))
                .contains(new InviteStateChanged(invited.sessionId(), "bob", InviteState.ACCEPTED));
        assertThat(local).contains(new InviteStateChanged(invited.sessionId(), "bob", InviteState.ACCEPTED));
    }

    @Test
    void theCallIsKeptWhileItHasARingAndLetGoOnceItsLastRingIsForgotten() {
        Invited invited = ring();
        assertThat(rings.rings(invited.sessionId())).isTrue();
        assertThat(rung).containsExactly(invited.sessionId());

        scheduler.tasks().stream()
                .filter(t -> t.delay.equals(TIMEOUT.plus(KEPT)))
                .forEach(ManualScheduler.Task::fire);

        assertThat(rings.rings(invited.sessionId())).isFalse();
        assertThat(forgotten).containsExactly(invited.sessionId());
    }

    @Test
    void aRingAddedFromADeviceOnAnotherNodeIsCancelledOnceThatNodeSaysItIsGoneAndTheGracePassed() {
        Invited invited = ring();
        rings.accept("bob", invited.sessionId(), Optional.of(BOBS_PHONE.connection()));
        Invited added = rings.invite(
                "bob",
                BOBS_PHONE.connection(),
                new Invite(List.of("carol"), Optional.of(invited.sessionId()), PushRing.Media.AUDIO, Optional.empty()),
                Set.of(),
                Map.of("carol", List.of(new Remote("node-c", new ConnectionId("c-phone"), "carol", Optional.empty()))),
                Set.of());
        assertThat(added.invitees()).containsExactly(new InviteeState("carol", InviteState.RINGING));
        Duration grace = Duration.ofSeconds(10);
        assertThat(scheduler.tasks()).noneMatch(t -> t.delay.equals(grace));

        rings.originGone(BOBS_PHONE.connection());
        scheduler.tasks().stream().filter(t -> t.delay.equals(grace)).forEach(ManualScheduler.Task::fire);

        assertThat(local).contains(new InviteStateChanged(invited.sessionId(), "carol", InviteState.CANCELLED));
        assertThat(rings.status("carol", invited.sessionId()).state()).isEqualTo("cancelled");
    }

    /** Bob's invite of alice, sent by his device on node B to the call whose ring rings him (glare across nodes). */
    private Invited bobRingsBack(String sessionId) {
        return rings.invite(
                "bob",
                BOBS_PHONE.connection(),
                new Invite(List.of("alice"), Optional.of(sessionId), PushRing.Media.AUDIO, Optional.empty()),
                Set.of(),
                Map.of(),
                Set.of());
    }

    @Test
    void anInviteOfItsCallerSentToTheCallOfARingThatRingsYouAcceptsIt() {
        Invited invited = ring();

        Invited back = bobRingsBack(invited.sessionId());

        assertThat(back.sessionId()).isEqualTo(invited.sessionId());
        assertThat(back.ringId()).isEqualTo(invited.ringId());
        assertThat(back.role()).isEqualTo(com.securevox.call.call.Role.PARTICIPANT);
        assertThat(back.invitees()).containsExactly(new InviteeState("alice", InviteState.ACCEPTED));
        assertThat(to(BOBS_LAPTOP))
                .contains(new IncomingCallEnded(invited.sessionId(), RingPush.StopReason.ANSWERED_ELSEWHERE));
        assertThat(to(BOBS_PHONE)).noneMatch(n -> n instanceof IncomingCallEnded);
        assertThat(local).contains(new InviteStateChanged(invited.sessionId(), "bob", InviteState.ACCEPTED));
        // Its retry gets the same answer.
        assertThat(bobRingsBack(invited.sessionId())).isEqualTo(back);
    }

    @Test
    void anInviteOfItsCallerSentToTheCallOfARingAlreadyAnsweredIsRefusedAsBefore() {
        Invited invited = ring();
        rings.accept("bob", invited.sessionId(), Optional.of(BOBS_LAPTOP.connection()));

        // An accept that was not glare is no glare's retry: the invite names someone the call invited.
        assertThatThrownBy(() -> bobRingsBack(invited.sessionId()))
                .isInstanceOfSatisfying(
                        RingException.class, e -> assertThat(e.error()).isEqualTo(RingError.ALREADY_INVITED));
    }

    @Test
    void whoRingsSomeoneOrAcceptedARingAMomentAgoIsEngagedForTheOtherNodes() {
        Invited invited = ring();
        assertThat(rings.engaged()).containsExactly("alice");

        rings.accept("bob", invited.sessionId(), Optional.of(BOBS_LAPTOP.connection()));
        assertThat(rings.engaged()).containsExactly("bob");

        clock.advance(TIMEOUT);
        assertThat(rings.engaged()).isEmpty();
    }

    @Test
    void theRingsOfACallAnotherNodeTookAreCancelledEverywhere() {
        Invited invited = ring();

        rings.servedElsewhere(invited.sessionId());

        assertThat(to(BOBS_PHONE)).contains(new IncomingCallEnded(invited.sessionId(), RingPush.StopReason.CANCELLED));
        assertThat(to(BOBS_LAPTOP)).contains(new IncomingCallEnded(invited.sessionId(), RingPush.StopReason.CANCELLED));
        assertThat(to(ALICES_TABLET))
                .contains(new InviteStateChanged(invited.sessionId(), "bob", InviteState.CANCELLED));
        assertThat(rings.status("bob", invited.sessionId()).state()).isEqualTo("cancelled");
        rings.servedElsewhere(invited.sessionId()); // once is enough
        assertThat(to(BOBS_PHONE))
                .filteredOn(n -> n instanceof IncomingCallEnded)
                .hasSize(1);
    }
}
