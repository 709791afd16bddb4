package com.securevox.call.ring;

import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.Role;
import com.securevox.call.call.Scheduler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One call's ring: who rings whom, and each invitee's state. Its monitor is the ring's lock: {@link Rings} holds it for
 * every read and change, so one ring's events are totally ordered and different rings never contend.
 */
final class Ring {
    final PushRing push;
    /** The invitees as the first invite named them, in order: a retried invite must name the same. */
    final Set<String> invited;

    final Map<String, Invitee> invitees = new LinkedHashMap<>();
    /** The caller's device connection that sent the invite. */
    final ConnectionId origin;
    /** The call's first ring, for a ring that adds people to a call in progress; empty for the first ring itself. */
    final Optional<Ring> addedTo;
    /** What the caller is in the call: {@code host} for the first ring's, else the role of the one who added. */
    final Role callerRole;

    RingAnswers.Invited firstAnswer;
    /** The first answer to a cancel, for a retried one. */
    RingAnswers.Answered cancelled;

    /** Whether the journal was told the ring began: outcomes are told only after that. */
    boolean announced;
    /** Whether the journal was told nobody may answer any more. */
    boolean over;

    Scheduler.Cancellable timer;
    Scheduler.Cancellable callerGone;

    /** The device connections of the ring's parties on other nodes, as the directory listed them at the invite. */
    final Map<String, List<DeviceDirectory.Remote>> elsewhere;

    Ring(
            PushRing push,
            ConnectionId origin,
            Optional<Ring> addedTo,
            Role callerRole,
            Map<String, List<DeviceDirectory.Remote>> elsewhere) {
        this.push = push;
        this.elsewhere = Map.copyOf(elsewhere);
        this.invited = Set.copyOf(push.invitees());
        this.origin = origin;
        this.addedTo = addedTo;
        this.callerRole = callerRole;
    }

    /**
     * Who hears {@code invite_state} of this ring: its caller, and for people added to a call the first ring's caller
     * too (who rang the call in the first place).
     */
    Set<String> told() {
        return Stream.concat(Stream.of(caller()), addedTo.map(Ring::caller).stream())
                .collect(Collectors.toUnmodifiableSet());
    }

    String sessionId() {
        return push.sessionId();
    }

    UUID ringId() {
        return push.ringId();
    }

    String caller() {
        return push.fromUserId();
    }

    Instant expiresAt() {
        return push.expiresAt();
    }

    /** {@code userId}'s device connections on other nodes. */
    List<DeviceDirectory.Remote> elsewhere(String userId) {
        return elsewhere.getOrDefault(userId, List.of());
    }

    Optional<Invitee> invitee(String userId) {
        return Optional.ofNullable(invitees.get(userId));
    }

    /** Whether anyone may still answer. */
    boolean open() {
        return invitees.values().stream().anyMatch(i -> i.state.open());
    }

    List<RingAnswers.InviteeState> states() {
        List<RingAnswers.InviteeState> states = new ArrayList<>();
        invitees.values().forEach(i -> states.add(new RingAnswers.InviteeState(i.userId, i.state)));
        return states;
    }

    /** {@code userId} as the invitee answering ({@code event}); {@code FORBIDDEN} for the caller. */
    Invitee inviteeFor(String userId, String event) {
        Invitee invitee = invitees.get(userId);
        if (invitee == null) {
            throw new RingException(
                    RingError.FORBIDDEN,
                    event + ": you rang call '" + sessionId() + "' (expected: a ring you were invited to)");
        }
        return invitee;
    }

    /** Refuses an answer of an invitee whose ring is over ({@code CONFLICT}). */
    void requireOpen(Invitee invitee) {
        if (!invitee.state.open()) {
            throw new RingException(
                    RingError.CONFLICT,
                    "sessionId: '" + sessionId() + "': your ring is over (state " + invitee.state.wireName()
                            + "; expected: a ring still ringing)");
        }
    }

    /** One invitee of the ring. */
    static final class Invitee {
        final String userId;
        InviteState state = InviteState.CALLING;
        /** Whether a push provider accepted a push of this ring for one of the invitee's devices. */
        boolean pushed;
        /** When the invitee accepted, for {@code busy}: someone who just accepted a ring is about to join its call. */
        Instant acceptedAt;
        /** How the invitee accepted, once it has. */
        AcceptedVia acceptedVia;
        /** The first answer to the invitee's accept or decline, for a retried one. */
        RingAnswers.Answered answer;

        Invitee(String userId) {
            this.userId = userId;
        }
    }
}
