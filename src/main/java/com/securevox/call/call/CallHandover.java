package com.securevox.call.call;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Carries a call from one node to another when several nodes share the calls: {@link #state} reads what the call's
 * owner must keep somewhere the others can read, and {@link #restore} makes the call go on here after that owner
 * stopped. Restored, every participant is in reconnect grace with a fresh grace period (starting now, not when its
 * socket dropped elsewhere), so a participant that joins again gets {@link JoinKind#RECONNECTED} and nobody else is
 * told, and one that does not come back leaves with {@link LeaveReason#DISCONNECTED}, as if its socket had dropped
 * here. The history and webhooks hear {@link CallFact.CallResumed}, not a new start.
 *
 * <p>Which node may restore a call (it must hold the call's lease) is the caller's business; so is where the state
 * is kept between nodes.
 */
public final class CallHandover {
    private final CallRegistry registry;

    public CallHandover(CallRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry: null (expected: the CallRegistry)");
    }

    /**
     * The call {@code sessionId} as it is now, read under its lock; empty if it is not in progress here. Never blocks
     * on I/O, but takes the call's lock: call it after a fact, not from a {@link CallJournal}.
     */
    public Optional<CallState> state(String sessionId) {
        return registry.inCall(sessionId, call -> call.size() == 0 ? null : stateOf(call));
    }

    /**
     * The sockets of the call {@code sessionId}'s members that are connected now, read under its lock; empty if it is
     * not in progress here. For a node that no longer owns the call: it has them reconnect where the call is now.
     */
    public List<ConnectionId> connections(String sessionId) {
        return registry.inCall(sessionId, call -> call.members().stream()
                        .map(Member::presence)
                        .<ConnectionId>mapMulti((presence, out) -> {
                            if (presence instanceof Presence.Live(ConnectionId connection)) {
                                out.accept(connection);
                            }
                        })
                        .toList())
                .orElse(List.of());
    }

    /**
     * Makes the call go on here, everyone in reconnect grace, and records {@link CallFact.CallResumed}.
     *
     * @throws IllegalStateException if the call is in progress here already, the reconnect grace is zero (nobody
     *     could come back), or the scheduler refuses the grace timers; nothing changed then
     */
    public void restore(CallState state) {
        restore(state, List.of());
    }

    /**
     * {@link #restore(CallState)}, with the signals the call's last owner had kept for members in reconnect grace as
     * it handed the call over ({@link #detachHolding}): each is kept for its member here, in the order given, ahead of
     * anything relayed to it once the call is here, and replayed when it comes back. One for a userId that is not a
     * participant of {@code state} is dropped. Returns how many are kept.
     *
     * @throws IllegalStateException as {@link #restore(CallState)}; nothing changed then
     */
    public int restore(CallState state, List<Held> held) {
        Objects.requireNonNull(state, "state: null (expected: the CallState of a call taken over)");
        Objects.requireNonNull(held, "held: null (expected: the signals kept for its members, or none)");
        CallPolicy policy = registry.policy();
        if (policy.reconnectGrace().isZero()) {
            throw new IllegalStateException("call '" + state.sessionId()
                    + "': cannot be resumed with a reconnect grace of zero (expected: > 0, so its participants can"
                    + " come back)");
        }
        Call call = new Call(state.sessionId(), state.startedAt(), state.e2ee());
        call.lock.lock();
        List<Scheduler.Cancellable> timers = new ArrayList<>();
        int kept = 0;
        try {
            for (Participant participant : state.participants()) {
                long generation = call.nextGeneration();
                Member[] member = new Member[1];
                Scheduler.Cancellable timer;
                try {
                    timer = registry.scheduler()
                            .schedule(
                                    policy.reconnectGrace(), () -> registry.graceExpired(call, member[0], generation));
                } catch (RuntimeException e) {
                    throw new IllegalStateException(
                            "call '" + state.sessionId() + "': cannot start its reconnect grace: " + e.getMessage(), e);
                }
                timers.add(timer);
                HeldSignals pending = new HeldSignals();
                for (Held one : held) {
                    if (one.userId().equals(participant.userId())
                            && one.relayed().sessionId().equals(state.sessionId())) {
                        // Not refused when full: each was accepted when relayed, before anything relayed here.
                        pending.addBounced(one.relayed());
                        kept++;
                    }
                }
                member[0] = call.addAway(participant, new Presence.Away(generation, timer, pending));
            }
            call.raisePeak(state.peakParticipants());
            for (Map.Entry<String, Instant> removal : state.removed().entrySet()) {
                call.markRemoved(removal.getKey(), removal.getValue());
            }
            if (!registry.index().adopt(call)) {
                throw new IllegalStateException("call '" + state.sessionId()
                        + "': in progress on this node already (expected: a call no participant joined here yet)");
            }
            registry.journal()
                    .record(new CallFact.CallResumed(
                            call.sessionId,
                            call.startedAt,
                            registry.clock().instant(),
                            state.participants(),
                            call.e2ee,
                            call.peak()));
            return kept;
        } catch (RuntimeException e) {
            // Not adopted: the timers must not fire for a call nobody can reach (they would find it unheld anyway).
            call.close();
            timers.forEach(Scheduler.Cancellable::cancel);
            throw e;
        } finally {
            call.lock.unlock();
        }
    }

    /**
     * Lets the call go from this node, to go on on another that restores {@code written} (its owner's hand-off during
     * a drain): if the call is in progress here and its state is still exactly {@code written}, it is forgotten here
     * without any fact or event (nobody left: the call did not end), and the connections of its live members are
     * returned, for their transports to be closed so that their clients reconnect to the other node. Empty if the
     * call ended or changed since {@code written} was read: the caller writes it again, or keeps the call.
     */
    public Optional<List<ConnectionId>> detach(CallState written) {
        return detachHolding(written).map(Released::connections);
    }

    /**
     * {@link #detach}, also returning the signals kept for its members in reconnect grace, read under the same lock
     * as the call is let go (nothing is kept for them after): relayed and acknowledged here, they are the next
     * owner's to replay, kept with the call's state for it ({@link #restore(CallState, List)}).
     */
    public Optional<Released> detachHolding(CallState written) {
        Objects.requireNonNull(written, "written: null (expected: the CallState kept for the call's next node)");
        return registry.inCall(written.sessionId(), call -> {
            if (call.size() == 0 || !stateOf(call).equals(written)) {
                return null;
            }
            List<Held> held = heldOf(call);
            return new Released(registry.index().release(call), held);
        });
    }

    /**
     * Lets the call go from this node because another node took it (its lease was taken, or found held elsewhere when
     * this node asked for it again): unlike {@link #detach}, no state is read or written first, since the other node's
     * state is the truth now. If the call is in progress here it is forgotten without any fact or event (nobody left:
     * the call goes on there), its grace timers cancelled, and the connections of its live members are returned, for
     * the caller to have them reconnect to where the call is now. Empty if the call is not in progress here.
     *
     * <p>The caller tells those sockets only after this returns: the call is then closed and their connections belong
     * to no call here, so nothing of this copy reaches them any more, and their disconnects record nothing.
     */
    public Optional<List<ConnectionId>> letGo(String sessionId) {
        return letGoHolding(sessionId).map(Released::connections);
    }

    /**
     * {@link #letGo}, also returning the signals kept for its members in reconnect grace, read under the same lock
     * as the call is forgotten (nothing is kept for them after): relayed and acknowledged here, they are the new
     * owner's to deliver now, handed to it before the sockets are told to reconnect.
     */
    public Optional<Released> letGoHolding(String sessionId) {
        Objects.requireNonNull(sessionId, "sessionId: null (expected: the id of a call another node took)");
        return registry.inCall(sessionId, call -> {
            if (call.size() == 0) {
                return null;
            }
            List<Held> held = heldOf(call);
            return new Released(registry.index().release(call), held);
        });
    }

    /** What the call keeps for its members in reconnect grace, member by member in join order, each in replay order. */
    private static List<Held> heldOf(Call call) {
        List<Held> held = new ArrayList<>();
        for (Member member : call.members()) {
            if (member.presence() instanceof Presence.Away away) {
                ConnectionId lost =
                        member.lost().orElseGet(() -> new ConnectionId(Held.NEVER_CONNECTED + member.userId()));
                away.pending().inOrder().forEach(relayed -> held.add(new Held(member.userId(), lost, relayed)));
            }
        }
        return List.copyOf(held);
    }

    /**
     * A call let go: the connections of its live members, to tell to reconnect, and the signals kept for those in
     * reconnect grace, per member in the order to replay them.
     */
    public record Released(List<ConnectionId> connections, List<Held> held) {
        public Released {
            connections = List.copyOf(connections);
            held = List.copyOf(held);
        }
    }

    /**
     * A signal kept for {@code userId} in reconnect grace.
     *
     * @param lost the socket of the member's this node last saw go, or {@link #NEVER_CONNECTED} and its userId for a
     *     member resumed here that never connected here: for the logs only
     */
    public record Held(String userId, ConnectionId lost, CallEvent.Relayed relayed) {
        /** The prefix of {@link #lost} for a member that never connected here. */
        public static final String NEVER_CONNECTED = "resumed:";

        public Held {
            Objects.requireNonNull(userId, "userId: null (expected: the member it was kept for)");
            Objects.requireNonNull(lost, "lost: null (expected: its last connection here)");
            Objects.requireNonNull(relayed, "relayed: null (expected: the signal kept)");
        }
    }

    private static CallState stateOf(Call call) {
        List<Participant> participants =
                call.members().stream().map(Member::participant).toList();
        return new CallState(call.sessionId, call.startedAt, call.e2ee, call.peak(), participants, call.removals());
    }
}
