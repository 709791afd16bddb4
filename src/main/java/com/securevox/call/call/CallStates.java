package com.securevox.call.call;

import java.util.Optional;

/**
 * Where a call's owner keeps its {@link CallState} when several nodes share the calls, so that the node taking the
 * call over after that owner died can {@link CallHandover#restore} it. Writes are fenced by the writer's lease: a node
 * that lost the call cannot overwrite what its new owner keeps.
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
}
