package com.securevox.call.call;

import java.util.Objects;

/**
 * Signals that this node sent a participant's socket on another node just as that socket went: the other node (its
 * edge) found it gone and sent them back. They were relayed before anything this node kept for the participant since
 * it learnt the socket was gone, so they replay first, in the order they were sent, when the participant comes back:
 * nothing acknowledged is lost, and nothing replays twice (what came back was never written to the client).
 *
 * <p>Under the call's lock like every other change of a call.
 */
public final class Bounces {
    /** What became of a signal that came back. */
    public enum Outcome {
        /** Kept for its participant, in reconnect grace: replayed when it comes back. */
        HELD,
        /** Its participant came back already (through another connection): sent there at once. */
        DELIVERED,
        /** Its participant is gone for good (it left, its grace ended, the call ended): dropped. */
        GONE
    }

    private final CallRegistry registry;

    public Bounces(CallRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry: null (expected: the CallRegistry)");
    }

    /**
     * Takes back {@code relayed}, which was sent to {@code lost} and came back undelivered. Its participant is the one
     * whose last lost connection that was; the caller has this node know that connection gone first.
     */
    public Outcome returned(ConnectionId lost, CallEvent.Relayed relayed) {
        Objects.requireNonNull(lost, "lost: null (expected: the connection it was sent to)");
        Objects.requireNonNull(relayed, "relayed: null (expected: the signal that came back)");
        return registry.inCall(relayed.sessionId(), call -> returnedLocked(call, lost, relayed))
                .orElse(Outcome.GONE);
    }

    private Outcome returnedLocked(Call call, ConnectionId lost, CallEvent.Relayed relayed) {
        for (Member member : call.members()) {
            if (!member.lostAt(lost)) {
                continue;
            }
            return switch (member.presence()) {
                case Presence.Away away -> {
                    // Not refused when full: it was accepted when relayed, before anything kept since.
                    away.pending().addBounced(relayed);
                    yield Outcome.HELD;
                }
                case Presence.Live(ConnectionId now) -> {
                    registry.outbox().deliver(now, relayed);
                    yield Outcome.DELIVERED;
                }
            };
        }
        return Outcome.GONE;
    }
}
