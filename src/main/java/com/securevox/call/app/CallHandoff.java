package com.securevox.call.app;

import com.securevox.call.call.CallHandover;
import com.securevox.call.call.CallOwnership;
import com.securevox.call.call.CallOwnership.Lease;
import com.securevox.call.call.CallState;
import com.securevox.call.call.ConnectionId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A draining node's calls go on on other nodes instead of waiting here for the drain timeout (fault (c) of issue 15,
 * a rolling restart): for each call, its state is written to Redis one last time under its lease, the call is let go
 * here without a fact (nobody left, the call did not end: no history row, no webhook), and the transports of its
 * members' sockets are closed, its SFU room here is closed (a recording of it stops), and what the history and
 * webhooks keep of it in memory is forgotten ({@link CallLeftovers}); the signals it kept for members in reconnect
 * grace (acknowledged to their senders) are kept with its state for the next owner, which replays them ({@link
 * CallStateKeeper#keepHeld}); once what this node recorded of the calls is written, their leases are given up. Their
 * clients reconnect by themselves, through the load balancer, to another node (this one refuses new sessions), whose
 * join waits for the lease to be free, acquires it and restores the state: everyone comes back {@code RECONNECTED},
 * as after a network blip.
 *
 * <p>A call whose lease this node cannot act on, or whose state Redis does not take, stays here as before a hand-off
 * existed: it goes on until it ends or the drain times out. Logged with the reason, and counted.
 */
final class CallHandoff {
    private static final Logger log = LoggerFactory.getLogger(CallHandoff.class);
    /** A call that changes between its write and its detach is written again, this often at most. */
    private static final int ATTEMPTS = 5;

    /** How long the leases wait for this node's history and webhook writes of the calls handed over. */
    static final Duration WRITTEN_TIMEOUT = Duration.ofSeconds(5);

    /** Port: what a hand-off counts. */
    interface Counts {
        Counts NONE = handedOver -> {};

        /** One call handed over ({@code true}) or kept here ({@code false}). */
        void count(boolean handedOver);
    }

    private final CallLeases leases;
    private final CallStateKeeper states;
    private final CallOwnership ownership;
    private final Handovers handovers;
    private final Counts counts;
    private volatile CallYield.Rooms rooms = CallYield.Rooms.NONE;
    private volatile CallLeftovers leftovers = CallLeftovers.NONE;

    CallHandoff(
            CallLeases leases, CallStateKeeper states, CallOwnership ownership, Handovers handovers, Counts counts) {
        this.leases = Objects.requireNonNull(leases, "leases: null (expected: the CallLeases)");
        this.states = Objects.requireNonNull(states, "states: null (expected: the CallStateKeeper)");
        this.ownership = Objects.requireNonNull(ownership, "ownership: null (expected: the CallOwnership)");
        this.handovers = Objects.requireNonNull(handovers, "handovers: null (expected: the Handovers slot)");
        this.counts = Objects.requireNonNull(counts, "counts: null (expected: Counts)");
    }

    /**
     * Once the media side, the history and webhooks exist: the SFU room of a call handed over is closed (the next node
     * opens its own as the participants come back), and what the history and webhooks keep of it is forgotten.
     */
    void serve(CallYield.Rooms rooms, CallLeftovers leftovers) {
        this.rooms = Objects.requireNonNull(rooms, "rooms: null (expected: Rooms, or Rooms.NONE)");
        this.leftovers =
                Objects.requireNonNull(leftovers, "leftovers: null (expected: CallLeftovers, or CallLeftovers.NONE)");
    }

    /**
     * Hands the calls over, one after another; {@code closeTransport} closes a socket's Engine.IO transport (not a
     * Socket.IO disconnect, after which clients do not reconnect by themselves). The leases are given up last, once
     * {@code written} says what this node recorded of them is in the database (the history and the webhook outbox),
     * or after {@link #WRITTEN_TIMEOUT}: the next node's joins wait for the lease meanwhile, and then continue the
     * call's rows and its webhook numbering from all of it. Returns how many calls stay here. Blocks on I/O: never on
     * an event loop.
     */
    int handOff(Collection<String> sessionIds, Consumer<ConnectionId> closeTransport, Written written) {
        int kept = 0;
        List<Lease> moved = new ArrayList<>();
        for (String sessionId : sessionIds) {
            switch (move(sessionId, closeTransport)) {
                case Moved m -> moved.add(m.lease());
                case Kept k -> kept++;
                case Ended e -> {}
            }
        }
        if (!moved.isEmpty() && !written.written(WRITTEN_TIMEOUT)) {
            log.warn(
                    "what this node recorded of the calls handed over is not all written after {}; their leases are"
                            + " given up anyway",
                    WRITTEN_TIMEOUT);
        }
        for (Lease lease : moved) {
            if (ownership.release(lease)) {
                log.info(
                        "call lease given up sessionId={} epoch={}",
                        lease.callId(),
                        lease.owner().epoch());
            } else {
                // Its state is kept: the next node's join waits for the lease to lapse, then restores it.
                log.warn(
                        "call lease not given up, the next node waits for it to lapse sessionId={} epoch={}",
                        lease.callId(),
                        lease.owner().epoch());
            }
        }
        if (!sessionIds.isEmpty()) {
            log.info(
                    "calls handed over={} ended={} kept here={}",
                    moved.size(),
                    sessionIds.size() - moved.size() - kept,
                    kept);
        }
        return kept;
    }

    /** Port: whether what this node recorded so far is written, waiting at most {@code timeout}. */
    interface Written {
        Written NOTHING_PENDING = timeout -> true;

        boolean written(Duration timeout);
    }

    private sealed interface Outcome permits Moved, Kept, Ended {}

    /** The call is let go here, its sockets' transports closed; its lease is still to be given up. */
    private record Moved(Lease lease) implements Outcome {}

    private record Kept() implements Outcome {}

    private record Ended() implements Outcome {}

    private Outcome move(String sessionId, Consumer<ConnectionId> closeTransport) {
        Optional<CallHandover> handover = handovers.get();
        if (handover.isEmpty()) {
            return keep(sessionId, "no call registry yet");
        }
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<Lease> lease = leases.leaseOf(sessionId);
            if (lease.isEmpty()) {
                if (handover.get().state(sessionId).isEmpty()) {
                    return new Ended();
                }
                return keep(sessionId, "this node cannot act as its owner (its lease was not acquired, or lapsed)");
            }
            Optional<CallState> written = states.writeNow(lease.get());
            if (written.isEmpty()) {
                if (handover.get().state(sessionId).isEmpty()) {
                    return new Ended();
                }
                return keep(sessionId, "its state was not written to Redis (refused, or no answer)");
            }
            Optional<CallHandover.Released> detached = handover.get().detachHolding(written.get());
            if (detached.isPresent()) {
                leases.surrender(lease.get());
                List<ConnectionId> sockets = detached.get().connections();
                sockets.forEach(closeTransport);
                // Acknowledged to their senders, so kept for the next owner, before the lease it waits for is given up.
                List<CallHandover.Held> held = detached.get().held();
                boolean heldKept = states.keepHeld(lease.get(), held);
                if (!heldKept) {
                    log.warn(
                            "signals kept for members in reconnect grace not kept for the next owner, they are lost"
                                    + " sessionId={} epoch={} signals={}",
                            sessionId,
                            lease.get().owner().epoch(),
                            held.size());
                }
                // Not left to the process's exit: a recording of it here stops now, and Janus frees the room.
                rooms.close(sessionId);
                leftovers.forget(sessionId);
                counts.count(true);
                log.info(
                        "call handed over sessionId={} epoch={} participants={} sockets={} held signals={}",
                        sessionId,
                        lease.get().owner().epoch(),
                        written.get().participants().size(),
                        sockets.size(),
                        heldKept ? held.size() : 0);
                return new Moved(lease.get());
            }
            // It changed (or ended) since the write: the next round sees which.
        }
        return keep(sessionId, "it kept changing while being handed over (" + ATTEMPTS + " attempts)");
    }

    private Outcome keep(String sessionId, String reason) {
        counts.count(false);
        log.warn(
                "call not handed over, it stays here until it ends or the drain times out sessionId={} reason={}",
                sessionId,
                reason);
        return new Kept();
    }
}
