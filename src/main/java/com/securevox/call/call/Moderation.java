package com.securevox.call.call;

import java.time.Instant;
import java.util.Objects;

/**
 * What a host (or the trusted backend) may do to others in a call: mute one of their tracks, remove them, end the call
 * for everyone. Who may ask is signaling's and the API's business; here are the rules, applied under the call's lock
 * like every other change of a call, so these events take their place in the call's order.
 *
 * <p>A host asks through its connection (it must be live in the call); the backend names the call. Either way the
 * target must be another participant: a host mutes or removes itself with the ordinary events.
 */
public final class Moderation {
    /** {@code by} of what the backend asks over the REST API (as for recordings). */
    public static final String BACKEND = "api";

    private final CallRegistry registry;

    public Moderation(CallRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry: null (expected: the CallRegistry)");
    }

    /**
     * Mutes {@code userId}'s {@code kind} track for the host on {@code host}: the target is asked to mute ({@code
     * mute_request}), and everyone, target and host included, sees the new state. There is no unmuting someone else:
     * only the participant itself unmutes.
     *
     * @return the target as it is now
     * @throws CallException {@link CallError#NOT_IN_CALL} if the host's connection is in no call, {@link
     *     CallError#PARTICIPANT_NOT_FOUND} if {@code userId} is not another participant of it
     */
    public Participant mute(ConnectionId host, String userId, MediaKind kind) {
        return registry.inCallOf(host, (call, by) -> muteLocked(call, target(call, by, userId), kind, by.userId()))
                .orElseThrow(() -> Refusals.notInCall(host));
    }

    /** {@link #mute(ConnectionId, String, MediaKind)} for the backend, in the call {@code sessionId}. */
    public Participant mute(String sessionId, String userId, MediaKind kind) {
        return registry.inCall(sessionId, call -> muteLocked(call, target(call, null, userId), kind, BACKEND))
                .orElseThrow(() -> Refusals.noCall(sessionId));
    }

    /**
     * Removes {@code userId} from the host's call: it is told ({@code removed}), the others see it leave as {@link
     * LeaveReason#KICKED}, and it cannot join the call again with a token issued before now. Its socket stays
     * connected, in no call.
     *
     * @return the call's id
     * @throws CallException as for {@link #mute(ConnectionId, String, MediaKind)}
     */
    public String remove(ConnectionId host, String userId) {
        return registry.inCallOf(host, (call, by) -> removeLocked(call, target(call, by, userId), by.userId()))
                .orElseThrow(() -> Refusals.notInCall(host));
    }

    /** {@link #remove(ConnectionId, String)} for the backend, in the call {@code sessionId}. */
    public String remove(String sessionId, String userId) {
        return registry.inCall(sessionId, call -> removeLocked(call, target(call, null, userId), BACKEND))
                .orElseThrow(() -> Refusals.noCall(sessionId));
    }

    /**
     * Ends the host's call for everyone: each live participant is told ({@code call_ended}), everyone leaves as {@link
     * LeaveReason#ENDED_BY_HOST} and the call is over. Sockets stay connected, in no call.
     *
     * @return the call's id
     * @throws CallException {@link CallError#NOT_IN_CALL} if the host's connection is in no call
     */
    public String end(ConnectionId host) {
        return registry.inCallOf(host, (call, by) -> endLocked(call, by.userId()))
                .orElseThrow(() -> Refusals.notInCall(host));
    }

    /** {@link #end(ConnectionId)} for the backend. */
    public String end(String sessionId) {
        return registry.inCall(sessionId, call -> endLocked(call, BACKEND))
                .orElseThrow(() -> Refusals.noCall(sessionId));
    }

    /** The participant {@code userId} of the call, other than {@code by} (null for the backend). */
    private static Member target(Call call, Member by, String userId) {
        Objects.requireNonNull(userId, "userId: null (expected: a participant's user id)");
        if (by != null && by.userId().equals(userId)) {
            throw Refusals.self(userId, call.sessionId);
        }
        return call.member(userId).orElseThrow(() -> Refusals.notAParticipant(userId, call.sessionId));
    }

    private Participant muteLocked(Call call, Member target, MediaKind kind, String by) {
        Objects.requireNonNull(kind, "kind: null (expected: a MediaKind)");
        Participant updated = target.participant().withMuted(kind, true);
        target.participant(updated);
        // A target in reconnect grace is not asked: its call_joined on return carries the muted state.
        if (target.presence() instanceof Presence.Live(ConnectionId connection)) {
            registry.outbox().deliver(connection, new CallEvent.MuteRequested(call.sessionId, kind, by));
        }
        CallEvent.ParticipantUpdated event = new CallEvent.ParticipantUpdated(call.sessionId, updated);
        for (Member member : call.members()) {
            if (member.presence() instanceof Presence.Live(ConnectionId connection)) {
                registry.outbox().deliver(connection, event);
            }
        }
        registry.journal()
                .record(new CallFact.ParticipantUpdated(
                        call.sessionId, updated, registry.clock().instant()));
        return updated;
    }

    private String removeLocked(Call call, Member target, String by) {
        Instant now = registry.clock().instant();
        if (target.presence() instanceof Presence.Live(ConnectionId connection)) {
            registry.outbox().deliver(connection, new CallEvent.Removed(call.sessionId, by));
        }
        call.markRemoved(target.userId(), now);
        registry.removeLocked(call, target, LeaveReason.KICKED);
        return call.sessionId;
    }

    private String endLocked(Call call, String by) {
        CallEvent.Ended ended = new CallEvent.Ended(call.sessionId, by, LeaveReason.ENDED_BY_HOST);
        for (Member member : call.members()) {
            if (member.presence() instanceof Presence.Live(ConnectionId connection)) {
                registry.outbox().deliver(connection, ended);
            }
        }
        // Everyone was told the call ended: a participant_left for each of the others would only be noise.
        for (Member member : call.members()) {
            registry.removeLocked(call, member, LeaveReason.ENDED_BY_HOST, false);
        }
        return call.sessionId;
    }
}
