package com.securevox.call.call;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a call's owner keeps its {@link CallState} when several nodes share the calls, so that the node taking the
 * call over after that owner died can {@link CallHandover#restore} it. Writes are fenced by the writer's lease: a node
 * that lost the call cannot overwrite what its new owner keeps.
 *
 * <p>An owner that hands its call over (a drain) also keeps, once, the signals it acknowledged and kept for members in
 * reconnect grace ({@link #keepHeld}); the node that restores the call takes them ({@link #takeHeld}) and replays them
 * to their members. Kept as their members' sockets would have been sent them, since what a signal holds is the
 * signaling layer's business.
 */
public interface CallStates {
    /** Keeps nothing and finds nothing: a single node, whose calls end with its process. */
    CallStates NONE = new CallStates() {
        @Override
        public Optional<CallState> read(String sessionId) {
            return Optional.empty();
        }

        @Override
        public boolean write(CallOwnership.Lease lease, CallState state) {
            return false;
        }

        @Override
        public boolean delete(CallOwnership.Lease lease) {
            return false;
        }

        @Override
        public boolean keepHeld(CallOwnership.Lease lease, List<KeptSignal> held) {
            return false;
        }

        @Override
        public List<KeptSignal> takeHeld(String sessionId) {
            return List.of();
        }
    };

    /**
     * The state the call's last owner kept; empty when there is none, when what is kept cannot be read (logged), or
     * when the store does not answer: the call then starts anew. Blocks on I/O.
     */
    Optional<CallState> read(String sessionId);

    /** Keeps {@code state} if {@code lease} still holds its call in the store; false if not, or no answer. */
    boolean write(CallOwnership.Lease lease, CallState state);

    /** Forgets the call's state (it ended) if {@code lease} still holds its call; false if not, or no answer. */
    boolean delete(CallOwnership.Lease lease);

    /**
     * Keeps {@code held} for the call's next owner, in order, if {@code lease} still holds the call in the store
     * (the last owner's hand-off, before it gives the lease up); false if not, or no answer. Replaces what was kept.
     */
    boolean keepHeld(CallOwnership.Lease lease, List<KeptSignal> held);

    /**
     * Takes what the call's last owner kept with {@link #keepHeld}, in order, and forgets it, so that it is replayed
     * once: called by the node that restores the call, holding its lease. Empty when nothing is kept, when what is
     * kept cannot be read (logged), or when the store does not answer. Blocks on I/O.
     */
    List<KeptSignal> takeHeld(String sessionId);

    /**
     * A relayed signal kept for {@code userId} in reconnect grace, as its socket would have been sent it.
     *
     * @param signal the event and its JSON, with its sender as {@code from}
     */
    record KeptSignal(String userId, NodeMessage.Payload signal) {
        public KeptSignal {
            if (!Ids.isValid(userId)) {
                throw new IllegalArgumentException(Ids.problem("userId", userId));
            }
            Objects.requireNonNull(signal, "signal: null (expected: the signal kept for userId)");
        }
    }
}
