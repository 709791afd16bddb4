package com.securevox.call.ring;

import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.Role;
import com.securevox.call.call.Scheduler;
import com.securevox.call.ring.RingAnswers.Answered;
import com.securevox.call.ring.RingAnswers.Grant;
import com.securevox.call.ring.RingAnswers.Invited;
import com.securevox.call.ring.RingAnswers.InviteeState;
import com.securevox.call.ring.RingAnswers.Status;
import com.securevox.call.ring.RingPush.StopReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ringing: invites, answers, cancels and time-outs of every ring: the ring that rang a call, and one per invite that
 * added people to it while it went on.
 *
 * <p>Locking: each ring's monitor guards it, and every operation on a ring takes that one lock. Invites also take one
 * server-wide invite lock first (invites are rare and rate-limited), because glare and busy look at other rings: two
 * people inviting each other at the same moment must see each other's ring. Nothing takes the invite lock while
 * holding a ring's lock, so there is no deadlock. The outbox, the journal and the push port only queue, so they are
 * called under the ring's lock, which keeps each ring's events and facts in order.
 */
public final class Rings {
    private static final Logger log = LoggerFactory.getLogger(Rings.class);

    private final DevicePresence presence;
    private final RingPush push;
    private final RingNodes nodes;
    private final RingReporter reporter;
    private final Busy busy;
    private final CallMembers members;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Duration timeout;
    private final CallerWatch callers;
    private final Duration kept;
    private final RingIndex bySession = new RingIndex();
    private final Object inviteLock = new Object();

    /**
     * @param timeout how long a ring rings before the invitees still ringing have missed it
     * @param callerGrace how long a ring outlives its caller's last device connection (the reconnect grace)
     * @param kept how long a ring is remembered after it timed out, so its parties can still join the call and read
     *     its state
     * @param nodes the other nodes sharing the calls; {@link RingNodes#NONE} for one node
     */
    public Rings(
            DevicePresence presence,
            RingOutbox outbox,
            RingJournal journal,
            RingPush push,
            Busy busy,
            CallMembers members,
            Scheduler scheduler,
            Clock clock,
            Duration timeout,
            Duration callerGrace,
            Duration kept,
            RingNodes nodes) {
        this.presence = presence;
        this.push = push;
        this.nodes = nodes;
        this.reporter = new RingReporter(presence, outbox, nodes.relay(), journal, push, clock);
        this.busy = busy;
        this.members = members;
        this.scheduler = scheduler;
        this.clock = clock;
        this.timeout = timeout;
        this.callers = new CallerWatch(
                presence, nodes.directory(), bySession, scheduler, callerGrace, this::cancelIfCallerGone);
        this.kept = kept;
    }

    public Duration timeout() {
        return timeout;
    }

    /** {@code caller}'s device connection {@code origin} invites; see the protocol's {@code call_invite}. */
    public Invited invite(String caller, ConnectionId origin, Invite invite) {
        return invite(caller, origin, invite, Set.of());
    }

    /**
     * As {@link #invite(String, ConnectionId, Invite)}, where the call policy refused {@code refused}: those are not
     * rung ({@code forbidden}); when it refused everyone, nobody is and the invite is refused.
     */
    public Invited invite(String caller, ConnectionId origin, Invite invite, Set<String> refused) {
        return invite(caller, origin, invite, refused, Map.of(), Set.of());
    }

    /**
     * As {@link #invite(String, ConnectionId, Invite, Set)}, where {@code elsewhere} are the device connections of the
     * caller and the invitees on other nodes, as the {@link DeviceDirectory} listed them just before (reading it is
     * I/O, which must not happen under the invite lock): they ring, and hear the ring's notices, like this node's.
     * {@code inCallElsewhere}: the invitees in a call another node serves ({@link BusyElsewhere}), {@code busy} as
     * those in this node's calls are.
     */
    public Invited invite(
            String caller,
            ConnectionId origin,
            Invite invite,
            Set<String> refused,
            Map<String, List<DeviceDirectory.Remote>> elsewhere,
            Set<String> inCallElsewhere) {
        invite.check(caller);
        if (refused.containsAll(invite.to())) {
            throw new RingException(
                    RingError.FORBIDDEN, "to: " + invite.to() + " (expected: someone the call policy lets you call)");
        }
        synchronized (inviteLock) {
            CallRings call = invite.sessionId().map(bySession::of).orElseGet(() -> new CallRings(List.of()));
            if (!call.isEmpty()) {
                return add(call, caller, origin, invite, refused, elsewhere, inCallElsewhere);
            }
            Optional<Ring> glare =
                    invite.to().size() == 1 ? bySession.ringingBy(invite.to().get(0), caller) : Optional.empty();
            if (glare.isPresent()) {
                return glare(caller, origin, glare.get());
            }
            Set<String> engaged = engaged(invite, refused, inCallElsewhere);
            return start(caller, origin, invite, engaged, refused, Optional.empty(), Role.HOST, elsewhere);
        }
    }

    /** {@code caller}'s invite met {@code theirs}, which rings {@code caller} for its caller (glare): an accept of it. */
    private Invited glare(String caller, ConnectionId origin, Ring theirs) {
        Answered accepted = accept(caller, theirs.sessionId(), Optional.of(origin), AcceptedVia.GLARE);
        log.info("ring glare sessionId={} caller={} invitee={}", theirs.sessionId(), theirs.caller(), caller);
        return new Invited(
                accepted.sessionId(),
                accepted.ringId(),
                Role.PARTICIPANT,
                theirs.expiresAt(),
                List.of(new InviteeState(theirs.caller(), InviteState.ACCEPTED)));
    }

    /**
     * An invite naming a call that has a ring: the same invite again (its first answer), someone invited twice
     * ({@code ALREADY_INVITED}), or someone in the call adding people to it: a ring of its own into the call.
     */
    private Invited add(
            CallRings call,
            String caller,
            ConnectionId origin,
            Invite invite,
            Set<String> refused,
            Map<String, List<DeviceDirectory.Remote>> elsewhere,
            Set<String> inCallElsewhere) {
        Optional<Invited> retried = call.retry(caller, invite);
        if (retried.isPresent()) {
            return retried.get();
        }
        Optional<Ring> met = call.ringing(caller, invite);
        if (met.isPresent()) {
            // Glare across nodes: the invite of the other ring's invitee, sent to its call by its node.
            return glare(caller, origin, met.get());
        }
        call.requireNew(invite);
        Role role = call.role(caller)
                .orElseThrow(() -> new RingException(
                        RingError.CONFLICT,
                        "sessionId: '" + call.first().sessionId() + "' has been rung by '"
                                + call.first().caller()
                                + "' already (expected: a call you rang or accepted, to add people to it; leave"
                                + " sessionId out for a new call)"));
        String sessionId = call.first().sessionId();
        Set<String> inCall = members.of(sessionId);
        if (!inCall.isEmpty() && !inCall.contains(caller)) {
            throw new RingException(
                    RingError.CONFLICT,
                    "sessionId: '" + sessionId + "': '" + caller
                            + "' is not in the call now (expected: a call you are in, to add people to it)");
        }
        log.info("ring adds to sessionId={} by={} invitees={}", sessionId, caller, invite.to());
        Set<String> engaged = engaged(invite, refused, inCallElsewhere);
        return start(caller, origin, invite, engaged, refused, Optional.of(call.first()), role, elsewhere);
    }

    /** Those of the invitees the policy allows who cannot take a ring now: in a call, ringing, or about to join one. */
    private Set<String> engaged(Invite invite, Set<String> refused, Set<String> inCallElsewhere) {
        List<String> asked =
                invite.to().stream().filter(u -> !refused.contains(u)).toList();
        Set<String> inCall = busy.inCall(asked);
        return asked.stream()
                .filter(u -> inCall.contains(u)
                        || inCallElsewhere.contains(u)
                        || bySession.engaged(u, clock.instant(), timeout))
                .collect(Collectors.toSet());
    }

    private Invited start(
            String caller,
            ConnectionId origin,
            Invite invite,
            Set<String> engaged,
            Set<String> refused,
            Optional<Ring> addedTo,
            Role role,
            Map<String, List<DeviceDirectory.Remote>> elsewhere) {
        Instant now = clock.instant();
        String sessionId = invite.sessionId().orElseGet(() -> UUID.randomUUID().toString());
        PushRing pushRing = new PushRing(
                UUID.randomUUID(),
                sessionId,
                caller,
                invite.metadataJson().orElse("{}"),
                invite.media(),
                invite.to(),
                now.plus(timeout));
        Ring ring = new Ring(pushRing, origin, addedTo, role, elsewhere);
        synchronized (ring) {
            bySession.put(ring);
            nodes.calls().rung(sessionId);
            for (String userId : invite.to()) {
                ring.invitees.put(userId, new Ring.Invitee(userId));
            }
            RingNotice.IncomingCall incoming = new RingNotice.IncomingCall(
                    sessionId,
                    pushRing.ringId(),
                    caller,
                    pushRing.metadataJson(),
                    pushRing.media(),
                    pushRing.invitees(),
                    pushRing.expiresAt());
            for (Ring.Invitee invitee : ring.invitees.values()) {
                if (refused.contains(invitee.userId)) {
                    reporter.change(ring, invitee, InviteState.FORBIDDEN);
                    continue;
                }
                if (engaged.contains(invitee.userId)) {
                    reporter.change(ring, invitee, InviteState.BUSY);
                    continue;
                }
                List<DevicePresence.Device> devices = presence.of(invitee.userId);
                List<DeviceDirectory.Remote> remote = ring.elsewhere(invitee.userId);
                reporter.tell(ring, invitee.userId, Optional.empty(), incoming);
                if (!devices.isEmpty() || !remote.isEmpty()) {
                    reporter.change(ring, invitee, InviteState.RINGING);
                }
                // A device live on another node rings over its socket there: its push is left out as a local one's.
                Set<String> live = Stream.concat(
                                devices.stream().flatMap(d -> d.deviceId().stream()),
                                remote.stream().flatMap(d -> d.deviceId().stream()))
                        .collect(Collectors.toUnmodifiableSet());
                push.ring(pushRing, invitee.userId, live).thenAccept(count -> pushed(ring, invitee, count));
            }
            reporter.announce(ring, now);
            settleIfOver(ring);
            if (ring.open()) {
                ring.timer = scheduler.schedule(timeout, () -> expire(ring));
            }
            scheduler.schedule(timeout.plus(kept), () -> forget(ring));
            ring.firstAnswer = new Invited(sessionId, ring.ringId(), role, ring.expiresAt(), ring.states());
            log.info(
                    "ring started sessionId={} ringId={} caller={} invitees={}",
                    sessionId,
                    ring.ringId(),
                    caller,
                    ring.states());
            return ring.firstAnswer;
        }
    }

    private void forget(Ring ring) {
        bySession.forget(ring);
        if (bySession.of(ring.sessionId()).isEmpty()) {
            nodes.calls().forgotten(ring.sessionId());
        }
    }

    /** The push provider's answer for one invitee: reached, or (with no live device either) unreachable. */
    private void pushed(Ring ring, Ring.Invitee invitee, int count) {
        synchronized (ring) {
            if (count > 0) {
                invitee.pushed = true;
                if (invitee.state == InviteState.CALLING) {
                    reporter.change(ring, invitee, InviteState.RINGING);
                } else if (!invitee.state.open()) {
                    // Decided while the push was on its way: the pushed devices must stop ringing too.
                    RingReporter.stopReason(invitee.state)
                            .ifPresent(reason -> push.stopped(ring.push, invitee.userId, reason));
                }
            } else if (invitee.state == InviteState.CALLING) {
                reporter.change(ring, invitee, InviteState.UNREACHABLE);
                settleIfOver(ring);
            }
        }
    }

    /** {@code userId} accepts the ring of call {@code sessionId} on connection {@code via} (empty: over REST). */
    public Answered accept(String userId, String sessionId, Optional<ConnectionId> via) {
        return accept(userId, sessionId, via, via.isPresent() ? AcceptedVia.SOCKET : AcceptedVia.REST);
    }

    private Answered accept(String userId, String sessionId, Optional<ConnectionId> via, AcceptedVia how) {
        Ring ring = bySession.answering(userId, sessionId);
        synchronized (ring) {
            Ring.Invitee invitee = ring.inviteeFor(userId, "call_accept");
            if (invitee.answer != null && invitee.state == InviteState.ACCEPTED) {
                return invitee.answer;
            }
            ring.requireOpen(invitee);
            invitee.acceptedAt = clock.instant();
            invitee.acceptedVia = how;
            reporter.change(ring, invitee, InviteState.ACCEPTED);
            reporter.endOnOtherDevices(ring, invitee, via, StopReason.ANSWERED_ELSEWHERE);
            invitee.answer = new Answered(sessionId, ring.ringId(), InviteState.ACCEPTED, Role.PARTICIPANT);
            settleIfOver(ring);
            log.info("ring accepted sessionId={} userId={}", sessionId, userId);
            return invitee.answer;
        }
    }

    /** {@code userId} declines; {@code busy}: because it is in another call (the caller sees {@code busy}). */
    public Answered decline(String userId, String sessionId, boolean busy, Optional<ConnectionId> via) {
        Ring ring = bySession.answering(userId, sessionId);
        synchronized (ring) {
            Ring.Invitee invitee = ring.inviteeFor(userId, "call_decline");
            if (invitee.answer != null
                    && (invitee.state == InviteState.DECLINED || invitee.state == InviteState.BUSY)) {
                return invitee.answer;
            }
            ring.requireOpen(invitee);
            reporter.change(ring, invitee, busy ? InviteState.BUSY : InviteState.DECLINED);
            reporter.endOnOtherDevices(ring, invitee, via, StopReason.DECLINED_ELSEWHERE);
            invitee.answer = new Answered(sessionId, ring.ringId(), invitee.state, Role.PARTICIPANT);
            settleIfOver(ring);
            log.info("ring declined sessionId={} userId={} state={}", sessionId, userId, invitee.state.wireName());
            return invitee.answer;
        }
    }

    /** The caller calls off every invitee still ringing: of each ring of the call it rang (or added people with). */
    public Answered cancel(String userId, String sessionId) {
        List<Ring> own = bySession.of(sessionId).rungBy(userId);
        if (own.isEmpty()) {
            Ring ring = bySession.answering(userId, sessionId);
            throw new RingException(
                    RingError.FORBIDDEN,
                    "sessionId: '" + sessionId + "' was rung by '" + ring.caller()
                            + "' (expected: a ring you started; invitees decline)");
        }
        Answered answer = null;
        for (Ring ring : own.reversed()) {
            synchronized (ring) {
                if (ring.open() && ring.cancelled == null) {
                    end(ring, InviteState.CANCELLED);
                    ring.cancelled = new Answered(sessionId, ring.ringId(), InviteState.CANCELLED, ring.callerRole);
                    log.info("ring cancelled sessionId={} ringId={} by={}", sessionId, ring.ringId(), userId);
                }
                if (answer == null) {
                    answer = ring.cancelled;
                }
            }
        }
        if (answer == null) {
            Ring latest = own.getLast();
            synchronized (latest) {
                throw new RingException(
                        RingError.CONFLICT,
                        "sessionId: '" + sessionId + "': nobody is ringing any more (states " + latest.states()
                                + "; expected: a ring still ringing)");
            }
        }
        return answer;
    }

    /**
     * Who cannot take a ring now because of the rings here: those ringing someone, and those who accepted a ring less
     * than a ring timeout ago. For {@code busy} on the other nodes; reads each ring under its lock, one at a time.
     */
    public Set<String> engaged() {
        return bySession.engaged(clock.instant(), timeout);
    }

    /** Whether call {@code sessionId} has a ring here (open, or remembered for its {@code kept} time). */
    public boolean rings(String sessionId) {
        return !bySession.of(sessionId).isEmpty();
    }

    /** The ring of call {@code sessionId} as {@code userId}, a party of it, sees it. */
    public Status status(String userId, String sessionId) {
        Ring ring = bySession.answering(userId, sessionId);
        synchronized (ring) {
            String state = ring.caller().equals(userId)
                    ? (ring.open() ? InviteState.RINGING.wireName() : "ended")
                    : ring.invitees.get(userId).state.wireName();
            return new Status(
                    sessionId, ring.ringId(), ring.caller(), ring.push.media(), ring.expiresAt(), state, ring.states());
        }
    }

    /**
     * What {@code userId} may join call {@code sessionId} as without a call token: the caller as host, an invitee who
     * accepted (or someone who added people, which took being in the call) as participant; empty for anyone else.
     */
    public Optional<Grant> grant(String userId, String sessionId) {
        return bySession.of(sessionId).role(userId).map(role -> new Grant(userId, sessionId, role));
    }

    /** A device connection authenticated with a user token. */
    public void deviceConnected(ConnectionId connection, String userId) {
        presence.add(connection, userId);
        nodes.directory().connected(connection, userId);
    }

    /** The device connection registered its device: a ring's push leaves that device out while it is connected. */
    public void deviceIdentified(ConnectionId connection, String deviceId) {
        presence.identify(connection, deviceId);
        presence.device(connection).ifPresent(d -> nodes.directory().identified(connection, d.userId(), deviceId));
    }

    /**
     * A device connection is gone. A ring it started ends as {@code cancelled} when its caller has no device connection
     * left after the reconnect grace.
     */
    public void deviceGone(ConnectionId connection) {
        Optional<DevicePresence.Device> gone = presence.remove(connection);
        if (gone.isEmpty()) {
            return;
        }
        nodes.directory().gone(connection, gone.get().userId());
        originGone(connection);
    }

    /**
     * The device connection that sent the invites of some rings is gone, here or on another node (whose invite adding
     * people came through the node bus): each of them ends as {@code cancelled} when its caller has no device
     * connection left, here or elsewhere, after the reconnect grace.
     */
    public void originGone(ConnectionId connection) {
        callers.originGone(connection);
    }

    private void cancelIfCallerGone(Ring ring) {
        synchronized (ring) {
            if (ring.open()
                    && ring.cancelled == null
                    && presence.of(ring.caller()).isEmpty()) {
                end(ring, InviteState.CANCELLED);
                ring.cancelled = new Answered(ring.sessionId(), ring.ringId(), InviteState.CANCELLED, Role.HOST);
                log.info("ring cancelled sessionId={} reason=caller_gone", ring.sessionId());
            }
        }
    }

    /**
     * Another node serves call {@code sessionId} now (it took the lease this node lost while Redis was out of reach):
     * answers go there and can no longer reach these rings, so everyone they still ring is {@code cancelled}.
     */
    public void servedElsewhere(String sessionId) {
        for (Ring ring : bySession.of(sessionId).all()) {
            synchronized (ring) {
                if (ring.open() && ring.cancelled == null) {
                    end(ring, InviteState.CANCELLED);
                    ring.cancelled = new Answered(sessionId, ring.ringId(), InviteState.CANCELLED, ring.callerRole);
                    log.info("ring cancelled sessionId={} reason=served_elsewhere", sessionId);
                }
            }
        }
    }

    private void expire(Ring ring) {
        synchronized (ring) {
            if (ring.open()) {
                end(ring, InviteState.MISSED);
                log.info("ring timed out sessionId={} states={}", ring.sessionId(), ring.states());
            }
        }
    }

    /** Every invitee still ringing ends in {@code state} (missed or cancelled), on its devices too. */
    private void end(Ring ring, InviteState state) {
        StopReason reason = RingReporter.stopReason(state).orElseThrow();
        for (Ring.Invitee invitee : ring.invitees.values()) {
            if (invitee.state.open()) {
                reporter.change(ring, invitee, state);
                reporter.endOnOtherDevices(ring, invitee, Optional.empty(), reason);
            }
        }
        settleIfOver(ring);
    }

    private void settleIfOver(Ring ring) {
        reporter.overIfSo(ring);
        if (!ring.open()) {
            if (ring.timer != null) {
                ring.timer.cancel();
            }
            if (ring.callerGone != null) {
                ring.callerGone.cancel();
            }
        }
    }
}
