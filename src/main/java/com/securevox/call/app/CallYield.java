package com.securevox.call.app;

import com.securevox.call.call.CallHandover;
import com.securevox.call.call.CallOwnership;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.signaling.Connections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call another node serves now (it took the lease while this node could not renew it, or holds it when this node
 * asks for it again) is let go here: forgotten without any fact ({@link CallHandover#letGo}), so neither history rows
 * are closed nor webhooks sent for a call that goes on, and with no state written (the other node's is the truth).
 * Then its sockets, here or proxied here, are told to reconnect, and join the call where it is, through the proxy if
 * they come back here; its SFU room here is closed, and what the history and webhooks keep of it in memory is
 * forgotten ({@link CallLeftovers}). This node's open history rows of the call stay open: the other
 * node continues them when it resumes the call.
 */
final class CallYield {
    private static final Logger log = LoggerFactory.getLogger(CallYield.class);

    /** Port: closes a call's media room on this node, if it has one. */
    @FunctionalInterface
    interface Rooms {
        Rooms NONE = sessionId -> {};

        void close(String sessionId);
    }

    /**
     * Port: hands the signals kept for members in reconnect grace to the node that serves the call now, under the
     * epoch it serves it with; returns how many were sent. Only enqueues.
     */
    @FunctionalInterface
    interface Held {
        Held NONE = (node, epoch, held) -> 0;

        int hand(String node, long epoch, List<CallHandover.Held> held);
    }

    /** Port: counts the calls let go. */
    @FunctionalInterface
    interface Counts {
        Counts NONE = () -> {};

        void letGo();
    }

    private final Handovers handovers;
    private final Counts counts;
    private volatile Connections sockets;
    private volatile Rooms rooms = Rooms.NONE;
    private volatile Held held = Held.NONE;
    private volatile CallLeftovers leftovers = CallLeftovers.NONE;

    CallYield(Handovers handovers) {
        this(handovers, Counts.NONE);
    }

    CallYield(Handovers handovers, Counts counts) {
        this.handovers = Objects.requireNonNull(handovers, "handovers: null (expected: the Handovers slot)");
        this.counts = Objects.requireNonNull(counts, "counts: null (expected: Counts, or Counts.NONE)");
    }

    /**
     * Once the registry and the transport exist: the sockets to tell, the rooms to close, and what the history and
     * webhooks keep of the call.
     */
    void serve(Connections sockets, Held held, Rooms rooms, CallLeftovers leftovers) {
        this.sockets = Objects.requireNonNull(sockets, "sockets: null (expected: the Connections of this node)");
        this.held = Objects.requireNonNull(held, "held: null (expected: Held, or Held.NONE)");
        this.rooms = Objects.requireNonNull(rooms, "rooms: null (expected: Rooms, or Rooms.NONE)");
        this.leftovers =
                Objects.requireNonNull(leftovers, "leftovers: null (expected: CallLeftovers, or CallLeftovers.NONE)");
    }

    /**
     * Lets the call go, for {@code by} serves it now; returns how many sockets were told to reconnect, or empty if the
     * call was not in progress here. The call is forgotten first and its sockets told after: once forgotten, its
     * sockets belong to no call here, so nothing of this copy reaches them after they were told, and their
     * disconnects (reported back by the transport) record nothing. Told first, a socket's disconnect would start a
     * reconnect grace in this copy, and its end a {@code disconnected} leave. The signals this copy kept for members
     * in reconnect grace were acknowledged to their senders: they go to {@code by} before the sockets are told, so
     * they arrive there ahead of what those sockets send once rejoined through this node.
     */
    Optional<Integer> letGo(String sessionId, CallOwnership.Owner by) {
        return letGo(sessionId, Optional.of(by));
    }

    /**
     * Lets the call go because this node is cut off from Redis while another node reaches it ({@code
     * cluster.CutOff}): the call's lease has passed its local deadline, and another node may take it as soon as the
     * lease lapses in Redis. As {@link #letGo(String, CallOwnership.Owner)}, but no node serves the call yet: the
     * signals kept for members in reconnect grace cannot be handed on (the bus to the other nodes is Redis, which
     * this node does not reach), and are dropped with the call here.
     */
    Optional<Integer> letGoCutOff(String sessionId) {
        return letGo(sessionId, Optional.empty());
    }

    private Optional<Integer> letGo(String sessionId, Optional<CallOwnership.Owner> by) {
        Optional<CallHandover> handover = handovers.get();
        if (handover.isEmpty()) {
            return Optional.empty();
        }
        Optional<CallHandover.Released> letGo = handover.get().letGoHolding(sessionId);
        if (letGo.isEmpty()) {
            return Optional.empty();
        }
        List<ConnectionId> released = letGo.get().connections();
        int handed = letGo.get().held().isEmpty() || by.isEmpty()
                ? 0
                : held.hand(by.get().node(), by.get().epoch(), letGo.get().held());
        Connections to = sockets;
        if (to != null) {
            released.forEach(to::reconnect);
        }
        rooms.close(sessionId);
        leftovers.forget(sessionId);
        counts.letGo();
        if (by.isPresent()) {
            log.warn(
                    "call let go, another node serves it sessionId={} owner={} epoch={} sockets told to reconnect={}"
                            + " held signals handed over={}/{}",
                    sessionId,
                    by.get().node(),
                    by.get().epoch(),
                    released.size(),
                    handed,
                    letGo.get().held().size());
        } else {
            log.warn(
                    "call let go, this node is cut off from redis sessionId={} sockets told to reconnect={}"
                            + " held signals dropped={}",
                    sessionId,
                    released.size(),
                    letGo.get().held().size());
        }
        return Optional.of(released.size());
    }
}
