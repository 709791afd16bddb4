package com.securevox.call.app;

import com.securevox.call.call.CallHandover;
import com.securevox.call.call.CallOwnership.Lease;
import com.securevox.call.call.CallState;
import com.securevox.call.call.CallStates;
import com.securevox.call.signaling.KeptSignals;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the state of the calls this node serves where the other nodes can read it ({@link CallStates}), so that the
 * node taking a call over after this one died restores it ({@link CallHandover}): the call goes on there, its clients
 * come back as reconnections, nobody is reported as left.
 *
 * <p>After each fact of a call ({@link CallLeases} passes them on, under the call's lock), a write of the call's
 * latest state is scheduled on a virtual thread; facts that come while one is scheduled share it, so a burst of facts
 * costs one write. The state is read when the write runs, off the call's lock ({@link CallHandover#state} takes it).
 * The call's end deletes it before its lease is given up, after any write in flight, so a later call of the same id
 * does not find it.
 */
final class CallStateKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallStateKeeper.class);
    private static final int STRIPES = 64;

    private final CallStates states;
    private final Handovers handovers;
    private final ExecutorService io = Executors.newVirtualThreadPerTaskExecutor();
    /** Calls with a write scheduled, and the lease it is to be written under. */
    private final Map<String, CompletableFuture<Lease>> pending = new ConcurrentHashMap<>();
    /** A call's write and its end's delete take its stripe, so the delete comes after the write. */
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    CallStateKeeper(CallStates states, Handovers handovers) {
        this.states = Objects.requireNonNull(states, "states: null (expected: where call states are kept)");
        this.handovers = Objects.requireNonNull(handovers, "handovers: null (expected: the Handovers slot)");
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** The call changed: its state is written under {@code lease} soon. Never blocks; called under the call's lock. */
    void changed(String sessionId, CompletableFuture<Lease> lease) {
        if (lease == null || pending.put(sessionId, lease) != null) {
            return; // no lease to write under (nothing fences the write), or a write is scheduled already
        }
        try {
            io.execute(() -> write(sessionId));
        } catch (RejectedExecutionException e) {
            pending.remove(sessionId); // closing
        }
    }

    /** The call ended here: its state is deleted, while {@code lease} still holds it. Blocks on I/O. */
    void ended(Lease lease) {
        ReentrantLock stripe = stripe(lease.callId());
        stripe.lock();
        try {
            states.delete(lease);
        } finally {
            stripe.unlock();
        }
    }

    /**
     * Writes the call's state now, under {@code lease}, after any write in flight and instead of any scheduled one (a
     * hand-off's last write): the state written, or empty if there is none (the call ended) or the write was refused
     * or not answered (logged by the store). Blocks on I/O.
     */
    Optional<CallState> writeNow(Lease lease) {
        Optional<CallHandover> handover = handovers.get();
        if (handover.isEmpty()) {
            return Optional.empty();
        }
        ReentrantLock stripe = stripe(lease.callId());
        stripe.lock();
        try {
            // The scheduled write would only repeat this one; one scheduled by a later fact still runs after it.
            pending.remove(lease.callId());
            Optional<CallState> state = handover.get().state(lease.callId());
            return state.filter(s -> states.write(lease, s));
        } finally {
            stripe.unlock();
        }
    }

    /**
     * Keeps what a call handed over had kept for members in reconnect grace ({@link CallHandover#detachHolding}) for
     * its next owner, under {@code lease}, before the lease is given up; true if kept (or nothing to keep). Blocks on
     * I/O.
     */
    boolean keepHeld(Lease lease, List<CallHandover.Held> held) {
        return held.isEmpty() || states.keepHeld(lease, KeptSignals.kept(held));
    }

    /**
     * Makes the call go on here if its last owner kept a state: called once this node acquired the call's lease,
     * before the join that asked for it is admitted. A call that is in progress here already (a join got there first)
     * starts anew. Blocks on I/O.
     */
    void restore(String sessionId) {
        Optional<CallState> state = states.read(sessionId);
        Optional<CallHandover> handover = handovers.get();
        if (state.isEmpty() || handover.isEmpty()) {
            return;
        }
        // What a hand-off kept for members in reconnect grace: taken once, kept for them here ahead of anything else.
        List<CallHandover.Held> held = KeptSignals.held(sessionId, states.takeHeld(sessionId));
        try {
            int kept = handover.get().restore(state.get(), held);
            log.info(
                    "call taken over sessionId={} participants={} held signals taken over={}/{}",
                    sessionId,
                    state.get().participants().size(),
                    kept,
                    held.size());
        } catch (RuntimeException e) {
            // Never fails the join that asked: the call starts anew instead.
            log.warn("call not taken over, it starts anew sessionId={} reason={}", sessionId, e.getMessage());
        }
    }

    private void write(String sessionId) {
        Optional<CallHandover> handover = handovers.get();
        CompletableFuture<Lease> scheduled = pending.get(sessionId);
        if (handover.isEmpty() || scheduled == null || !acquired(scheduled)) {
            pending.remove(sessionId, scheduled);
            return; // this node did not get the lease: the call is not served here
        }
        ReentrantLock stripe = stripe(sessionId);
        stripe.lock();
        try {
            // Taken off only now: facts that come while a write of the call is in flight share the next one.
            CompletableFuture<Lease> future = pending.remove(sessionId);
            if (future == null || !acquired(future)) {
                return;
            }
            Lease lease = future.join();
            // Read now, off the call's lock and after the facts that scheduled this write; empty once it ended.
            handover.get().state(sessionId).ifPresent(state -> {
                if (!states.write(lease, state)) {
                    log.debug(
                            "call state not written sessionId={} epoch={}",
                            sessionId,
                            lease.owner().epoch());
                }
            });
        } finally {
            stripe.unlock();
        }
    }

    /** Waits for the acquisition (a restore's write is scheduled while it completes); false if it failed. */
    private static boolean acquired(CompletableFuture<Lease> lease) {
        try {
            lease.join();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private ReentrantLock stripe(String sessionId) {
        return stripes[Math.floorMod(sessionId.hashCode(), STRIPES)];
    }

    /** Lets the writes in flight finish. */
    @Override
    public void close() {
        io.close();
    }
}
