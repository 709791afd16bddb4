package com.securevox.call.signaling;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Port: which node serves a call's members now. With one node it serves every call; with several, one node at a time
 * serves each call (its owner), and a socket of the call on any other node is proxied to it.
 */
public interface CallHome {
    /** One node: every call is served here, at once, without I/O. */
    CallHome THIS_NODE = new CallHome() {
        @Override
        public CompletionStage<Where> admit(String sessionId) {
            return HERE_NOW;
        }

        @Override
        public OptionalLong epoch(String sessionId) {
            return OptionalLong.empty();
        }
    };

    /** A look-up that found the call served nowhere else, complete already. */
    CompletionStage<Optional<Where.Elsewhere>> NOWHERE_ELSE = CompletableFuture.completedFuture(Optional.empty());

    /** An admission to this node that is complete already. */
    CompletionStage<Where> HERE_NOW = CompletableFuture.completedFuture(Where.Here.HERE);

    /**
     * Completes with where the call is served: {@link Where.Here}, this node becoming its owner when nobody is, or
     * {@link Where.Elsewhere}, another live node owning it; fails with a {@link SignalingException} ({@link
     * ErrorCode#UNAVAILABLE}) naming why neither. A stage that is already complete is acted on in the caller's thread;
     * any other completes on a thread of the implementation's, never an event loop's.
     */
    CompletionStage<Where> admit(String sessionId);

    /** The epoch this node owns the call with now, without I/O; empty when it does not own the call. */
    OptionalLong epoch(String sessionId);

    /**
     * The call has a ring here: its lease (which the invite of a new call took with {@link #admit}) is kept, even
     * when nobody is in the call, until {@link #unrung}. Only queues. Nothing to keep for one node.
     */
    default void rung(String sessionId) {}

    /**
     * Every ring of the call is forgotten here (or the invite that took its lease rang nothing): the lease is given up
     * unless the call is in progress here (its end gives it up then). Only queues. Nothing to give up for one node.
     */
    default void unrung(String sessionId) {}

    /**
     * Which other live node serves the call now, without taking it: empty when this node does, or nobody, or which
     * cannot be told. Where a ring's answers go, since a ring lives with its call's lease. Completes like {@link
     * #admit}. Nowhere else for one node.
     */
    default CompletionStage<Optional<Where.Elsewhere>> servedElsewhere(String sessionId) {
        return NOWHERE_ELSE;
    }

    /** Where a call is served. */
    sealed interface Where {
        /** On this node. */
        enum Here implements Where {
            HERE
        }

        /** On the live node {@code node}, which owns the call with {@code epoch}. */
        record Elsewhere(String node, long epoch) implements Where {
            public Elsewhere {
                Objects.requireNonNull(node, "node: null (expected: a node id)");
                if (epoch < 1) {
                    throw new IllegalArgumentException("epoch: " + epoch + " (expected: >= 1)");
                }
            }
        }
    }
}
