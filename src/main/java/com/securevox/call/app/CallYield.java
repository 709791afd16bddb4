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
    void serve(Connections sockets, Rooms rooms, CallLeftovers leftovers) {
        this.sockets = Objects.requireNonNull(sockets, "sockets: null (expected: the Connections of this node)");
        this.rooms = Objects.requireNonNull(rooms, "rooms: null (expected: Rooms, or Rooms.NONE)");
        this.leftovers =
                Objects.requireNonNull(leftovers, "leftovers: null (expected: CallLeftovers, or CallLeftovers.NONE)");
    }

    /**
     * Lets the call go, for {@code by} serves it now; returns how many sockets were told to reconnect, or empty if the
     * call was not in progress here. The call is forgotten first and its sockets told after: once forgotten, its
     * sockets belong to no call here, so nothing of this copy reaches them after they were told, and their
     * disconnects (reported back by the transport) record nothing. Told first, a socket's disconnect would start a
     * reconnect grace in this copy, and its end a {@code disconnected} leave.
     */
    Optional<Integer> letGo(String sessionId, CallOwnership.Owner by) {
        Optional<CallHandover> handover = handovers.get();
        if (handover.isEmpty()) {
            return Optional.empty();
        }
        Optional<List<ConnectionId>> released = handover.get().letGo(sessionId);
        if (released.isEmpty()) {
            return Optional.empty();
        }
        Connections to = sockets;
        if (to != null) {
            released.get().forEach(to::reconnect);
        }
        rooms.close(sessionId);
        leftovers.forget(sessionId);
        counts.letGo();
        log.warn(
                "call let go, another node serves it sessionId={} owner={} epoch={} sockets told to reconnect={}",
                sessionId,
                by.node(),
                by.epoch(),
                released.get().size());
        return Optional.of(released.get().size());
    }
}
