package com.securevox.call.call;

import java.time.Duration;
import java.util.Objects;

/**
 * Signals that were sent to a participant's socket just as that socket went, and came back undelivered: this node's
 * transport found the socket closed before it could write one ({@link Outbox#deliver(ConnectionId, CallEvent.Relayed,
 * Runnable)}), or the node holding the socket (its edge) did and sent it back. They were relayed before anything kept
 * for the participant since it was known gone, so they replay first, in the order they were sent, when the
 * participant comes back: nothing acknowledged is lost, and nothing replays twice (what came back was never written
 * to the client).
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
     * What the outbox runs when {@code relayed} finds {@code to} gone: takes it back on the scheduler's thread, never
     * the caller's, which may hold the call's lock and must only enqueue. The scheduler runs what it is given at once
     * in the order given, so signals come back in the order they were sent.
     */
    static Runnable onUndelivered(CallRegistry registry, ConnectionId to, CallEvent.Relayed relayed) {
        return () -> {
            try {
                registry.scheduler().schedule(Duration.ZERO, () -> {
                    // The transport found the socket closed, maybe before its end was reported here: it is gone now
                    // (the report then finds it in no call).
                    registry.disconnected(to);
                    new Bounces(registry).returned(to, relayed);
                });
            } catch (RuntimeException e) {
                // The scheduler is shutting down with the server: nothing is delivered any more.
            }
        };
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

    /**
     * Takes {@code relayed}, which the node that let the call go had kept for {@code userId} in reconnect grace and
     * handed to this node, the call's owner now: sent to the participant's socket if it is connected, kept for its
     * return (ahead of what was kept for it since, as it was relayed before) if it is away, dropped if it is not in
     * the call here.
     */
    public Outcome handed(String userId, CallEvent.Relayed relayed) {
        Objects.requireNonNull(userId, "userId: null (expected: the participant it was kept for)");
        Objects.requireNonNull(relayed, "relayed: null (expected: the signal handed over)");
        return registry.inCall(relayed.sessionId(), call -> {
                    for (Member member : call.members()) {
                        if (member.userId().equals(userId)) {
                            return keepOrSend(member, relayed);
                        }
                    }
                    return Outcome.GONE;
                })
                .orElse(Outcome.GONE);
    }

    private Outcome keepOrSend(Member member, CallEvent.Relayed relayed) {
        return switch (member.presence()) {
            case Presence.Away away -> {
                // Not refused when full: it was accepted when relayed, before anything kept since.
                away.pending().addBounced(relayed);
                yield Outcome.HELD;
            }
            case Presence.Live(ConnectionId now) -> {
                registry.outbox().deliver(now, relayed, onUndelivered(registry, now, relayed));
                yield Outcome.DELIVERED;
            }
        };
    }

    private Outcome returnedLocked(Call call, ConnectionId lost, CallEvent.Relayed relayed) {
        for (Member member : call.members()) {
            if (member.lostAt(lost)) {
                return keepOrSend(member, relayed);
            }
        }
        return Outcome.GONE;
    }
}
