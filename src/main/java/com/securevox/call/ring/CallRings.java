package com.securevox.call.ring;

import com.securevox.call.call.Role;
import com.securevox.call.ring.RingAnswers.Invited;
import com.securevox.call.ring.RingAnswers.InviteeState;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rings of one call, oldest first: the ring that rang the call, then one per invite that added people to it while
 * it went on. A snapshot of the index; like {@link RingIndex} it reads each ring under its own lock, one at a time. A
 * user is invited at most once per call, so each invitee is in one of these rings only.
 */
final class CallRings {
    private final List<Ring> rings;

    CallRings(List<Ring> rings) {
        this.rings = List.copyOf(rings);
    }

    boolean isEmpty() {
        return rings.isEmpty();
    }

    /** The ring that rang the call; the others add people to it. */
    Ring first() {
        return rings.getFirst();
    }

    /** The first answer again, when {@code caller}'s invite repeats one of this call's (or its glare accept). */
    Optional<Invited> retry(String caller, Invite invite) {
        Set<String> to = Set.copyOf(invite.to());
        for (Ring ring : rings) {
            synchronized (ring) {
                if (ring.caller().equals(caller) && ring.invited.equals(to)) {
                    return Optional.of(ring.firstAnswer);
                }
                Optional<Ring.Invitee> self = ring.invitee(caller);
                if (self.isPresent()
                        && self.get().answer != null
                        && self.get().state == InviteState.ACCEPTED
                        && self.get().acceptedVia == AcceptedVia.GLARE
                        && invite.to().equals(List.of(ring.caller()))) {
                    // The retry of an invite that met this ring (glare) and became an accept of it.
                    return Optional.of(new Invited(
                            ring.sessionId(),
                            ring.ringId(),
                            Role.PARTICIPANT,
                            ring.expiresAt(),
                            List.of(new InviteeState(ring.caller(), InviteState.ACCEPTED))));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The ring that rings {@code caller} for the one person {@code invite} names, its caller: the invite meets it
     * (glare). Across nodes the invite reaches the call by its id, from the node of the caller's device.
     */
    Optional<Ring> ringing(String caller, Invite invite) {
        if (invite.to().size() != 1) {
            return Optional.empty();
        }
        Optional<Ring> ring = invited(caller);
        if (ring.isEmpty()) {
            return ring;
        }
        synchronized (ring.get()) {
            boolean open = ring.get().caller().equals(invite.to().getFirst())
                    && ring.get().invitee(caller).filter(i -> i.state.open()).isPresent();
            return open ? ring : Optional.empty();
        }
    }

    /** Refuses an invite naming anyone this call invited, or rang it, before. */
    void requireNew(Invite invite) {
        for (int i = 0; i < invite.to().size(); i++) {
            String userId = invite.to().get(i);
            for (Ring ring : rings) {
                synchronized (ring) {
                    Optional<Ring.Invitee> invitee = ring.invitee(userId);
                    if (invitee.isPresent() || ring.caller().equals(userId)) {
                        throw new RingException(
                                RingError.ALREADY_INVITED,
                                "to[" + i + "]: '" + userId + "' was invited to call '" + ring.sessionId()
                                        + "' before (state "
                                        + invitee.map(v -> v.state.wireName()).orElse("caller")
                                        + "; expected: a user invited at most once per call)");
                    }
                }
            }
        }
    }

    /**
     * What {@code userId} is in the call by its rings: {@code host} if it rang the call, {@code participant} if it
     * accepted a ring of it (or added people, which only those in the call may); empty for anyone else.
     */
    Optional<Role> role(String userId) {
        Optional<Role> role = Optional.empty();
        for (Ring ring : rings) {
            synchronized (ring) {
                if (ring.caller().equals(userId) && ring.callerRole == Role.HOST) {
                    return Optional.of(Role.HOST);
                }
                if (ring.caller().equals(userId)
                        || ring.invitee(userId)
                                .filter(i -> i.state == InviteState.ACCEPTED)
                                .isPresent()) {
                    role = Optional.of(Role.PARTICIPANT);
                }
            }
        }
        return role;
    }

    /** The ring that invited {@code userId}. */
    Optional<Ring> invited(String userId) {
        return rings.stream().filter(r -> r.invited.contains(userId)).findFirst();
    }

    /** Every ring of the call, oldest first. */
    List<Ring> all() {
        return rings;
    }

    /** The rings {@code userId} rang, oldest first. */
    List<Ring> rungBy(String userId) {
        return rings.stream().filter(r -> r.caller().equals(userId)).toList();
    }
}
