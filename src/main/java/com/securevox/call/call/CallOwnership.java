package com.securevox.call.call;

import java.util.Objects;

/**
 * Port: which node owns a call when several nodes share the calls. At most one node at a time owns a call, through a
 * lease that lapses unless renewed; each acquisition gets a higher epoch, which fences a stale owner: a renewal or a
 * release carries the epoch it was granted with and fails once another node holds the call.
 *
 * <p>A node acts as a call's owner only while {@link #mayActAsOwner} says so. That check is local and costs no I/O:
 * it turns false once the lease's local deadline passes without a renewal (measured on the node's monotonic {@link
 * Ticker} from before the command was sent, so never later than the shared store lets the lease lapse, and never
 * moved by a change of the wall clock), or at once when a renewal finds the call taken. A node cut off from the store therefore stops acting as owner before anyone else can acquire.
 *
 * <p>Operations may block on I/O; never call them on an event-loop thread or under a call's lock.
 */
public interface CallOwnership {

    /** This node's id. */
    String node();

    /** Becomes the call's owner when nobody owns it: {@link Granted}, {@link Held} or {@link Unavailable}. */
    Claim acquire(String callId);

    /**
     * Extends a lease this node holds, when it still holds it with the same epoch: {@link Granted} with the new
     * deadline; {@link Held} or {@link Free} when the lease is lost (acting as owner stops at once); {@link
     * Unavailable} when the store could not be asked (the old deadline still runs).
     */
    Claim renew(Lease lease);

    /** Gives a lease up, when this node still holds it with that epoch; false otherwise or when unreachable. */
    boolean release(Lease lease);

    /** Who owns the call now, as the store says. */
    Lookup owner(String callId);

    /** Whether this node may act as the owner of the lease's call now: it holds that epoch and its deadline is ahead. */
    boolean mayActAsOwner(Lease lease);

    /** A node and the epoch it was granted a call with. */
    record Owner(String node, long epoch) {
        public static final int MAX_NODE_LENGTH = 64;

        public Owner {
            if (!isValidNode(node)) {
                throw new IllegalArgumentException(
                        "node: " + shown(node) + " (expected: 1 to " + MAX_NODE_LENGTH + " of [A-Za-z0-9._-])");
            }
            if (epoch < 1) {
                throw new IllegalArgumentException("epoch: " + epoch + " (expected: >= 1)");
            }
        }

        /** The rule for node ids: 1 to 64 of {@code [A-Za-z0-9._-]} (no {@code :}, which separates the epoch). */
        public static boolean isValidNode(String node) {
            return node != null
                    && !node.isEmpty()
                    && node.length() <= MAX_NODE_LENGTH
                    && node.chars().allMatch(Owner::isNodeChar);
        }

        private static boolean isNodeChar(int c) {
            return (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-';
        }

        private static String shown(String node) {
            return node == null
                    ? "null"
                    : node.length() > MAX_NODE_LENGTH ? node.length() + " characters" : "'" + node + "'";
        }
    }

    /**
     * A lease this node was granted.
     *
     * @param validUntilNanos the local deadline, on the granting node's {@link Ticker}: its reading from before the
     *     granting command was sent plus the lease's time to live, less a margin for clock-rate drift; meaningless on
     *     another node or process
     */
    record Lease(String callId, Owner owner, long validUntilNanos) {
        public Lease {
            if (!Ids.isValid(callId)) {
                throw new IllegalArgumentException("callId: invalid (expected: an id of 1 to 128 [A-Za-z0-9_.:@-])");
            }
            Objects.requireNonNull(owner, "owner");
        }
    }

    /** What {@link #acquire} and {@link #renew} answer. */
    sealed interface Claim permits Granted, Held, Free, Unavailable {}

    /** What {@link #owner} answers. */
    sealed interface Lookup permits Held, Free, Unavailable {}

    /** This node holds the call. */
    record Granted(Lease lease) implements Claim {
        public Granted {
            Objects.requireNonNull(lease, "lease");
        }
    }

    /** The call is held by {@code owner}: another node, or this node with another epoch. */
    record Held(Owner owner) implements Claim, Lookup {
        public Held {
            Objects.requireNonNull(owner, "owner");
        }
    }

    /** Nobody holds the call. */
    record Free() implements Claim, Lookup {}

    /** The store could not be asked, or answered something that is not a lease; {@code reason} says which. */
    record Unavailable(String reason) implements Claim, Lookup {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
