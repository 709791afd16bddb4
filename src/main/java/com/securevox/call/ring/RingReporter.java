package com.securevox.call.ring;

import com.securevox.call.call.ConnectionId;
import com.securevox.call.ring.RingNotice.IncomingCallEnded;
import com.securevox.call.ring.RingNotice.InviteStateChanged;
import com.securevox.call.ring.RingPush.StopReason;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Tells what happens to a ring: its parties' device connections (the outbox), their pushed devices (the push port) and
 * the journal. {@link Rings} decides; this only tells, always under the ring's lock, so each ring's notices and facts
 * keep the order of its changes.
 */
final class RingReporter {
    private final DevicePresence presence;
    private final RingOutbox outbox;
    private final RingRelay relay;
    private final RingJournal journal;
    private final RingPush push;
    private final Clock clock;

    RingReporter(
            DevicePresence presence,
            RingOutbox outbox,
            RingRelay relay,
            RingJournal journal,
            RingPush push,
            Clock clock) {
        this.presence = presence;
        this.outbox = outbox;
        this.relay = relay;
        this.journal = journal;
        this.push = push;
        this.clock = clock;
    }

    /**
     * Tells the journal the ring began, then the outcomes decided while it was being set up (busy, forbidden, or
     * unreachable when the push provider answered at once), so a ring's facts always begin with {@link RingFact.Invited}.
     */
    void announce(Ring ring, Instant now) {
        journal.record(new RingFact.Invited(
                ring.sessionId(),
                ring.ringId(),
                ring.caller(),
                ring.push.media(),
                ring.states(),
                ring.expiresAt(),
                ring.addedTo.map(Ring::ringId),
                now));
        ring.announced = true;
        for (Ring.Invitee invitee : ring.invitees.values()) {
            if (!invitee.state.open()) {
                journal.record(decided(ring, invitee, now));
            }
        }
    }

    /** The invitee's ring is in {@code state} now: the devices of those it tells are told, and the journal an outcome. */
    void change(Ring ring, Ring.Invitee invitee, InviteState state) {
        invitee.state = state;
        if (ring.announced && !state.open()) {
            journal.record(decided(ring, invitee, clock.instant()));
        }
        InviteStateChanged notice = new InviteStateChanged(ring.sessionId(), invitee.userId, state);
        for (String userId : ring.told()) {
            tell(ring, userId, Optional.empty(), notice);
        }
    }

    /** Tells the journal, once and only after the ring began, that nobody may answer any more. */
    void overIfSo(Ring ring) {
        if (!ring.open() && ring.announced && !ring.over) {
            ring.over = true;
            boolean accepted = ring.invitees.values().stream().anyMatch(i -> i.state == InviteState.ACCEPTED);
            journal.record(new RingFact.Over(ring.sessionId(), ring.ringId(), accepted, clock.instant()));
        }
    }

    /** The invitee's devices other than {@code via} (the one that answered) stop ringing, pushed ones too. */
    void endOnOtherDevices(Ring ring, Ring.Invitee invitee, Optional<ConnectionId> via, StopReason reason) {
        tell(ring, invitee.userId, via, new IncomingCallEnded(ring.sessionId(), reason));
        if (invitee.pushed) {
            push.stopped(ring.push, invitee.userId, reason);
        }
    }

    /**
     * Tells {@code userId}'s device connections, here and (as the directory listed them at the invite) on other
     * nodes, but {@code except}.
     */
    void tell(Ring ring, String userId, Optional<ConnectionId> except, RingNotice notice) {
        for (DevicePresence.Device device : presence.of(userId)) {
            if (except.filter(device.connection()::equals).isEmpty()) {
                outbox.deliver(device.connection(), notice);
            }
        }
        for (DeviceDirectory.Remote remote : ring.elsewhere(userId)) {
            if (except.filter(remote.connection()::equals).isEmpty()) {
                relay.relay(remote, notice);
            }
        }
    }

    static Optional<StopReason> stopReason(InviteState state) {
        return switch (state) {
            case ACCEPTED -> Optional.of(StopReason.ANSWERED_ELSEWHERE);
            case DECLINED, BUSY -> Optional.of(StopReason.DECLINED_ELSEWHERE);
            case MISSED -> Optional.of(StopReason.MISSED);
            case CANCELLED -> Optional.of(StopReason.CANCELLED);
            case CALLING, RINGING, UNREACHABLE, FORBIDDEN -> Optional.empty();
        };
    }

    private static RingFact.Decided decided(Ring ring, Ring.Invitee invitee, Instant at) {
        Optional<AcceptedVia> via =
                invitee.state == InviteState.ACCEPTED ? Optional.ofNullable(invitee.acceptedVia) : Optional.empty();
        return new RingFact.Decided(ring.sessionId(), ring.ringId(), invitee.userId, invitee.state, via, at);
    }
}
