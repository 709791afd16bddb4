package com.securevox.call.app;

import com.securevox.call.call.CallOwnership;
import com.securevox.call.call.CallOwnership.Lease;
import com.securevox.call.signaling.ErrorCode;
import com.securevox.call.signaling.SignalingException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@link CallLeases} acquires one call's lease: the claim asked of {@link CallOwnership}, the join held while
 * another node's lease may lapse, and what each answer means (the lease, a refusal saying why, or the live node that
 * serves the call). Apart from CallLeases, which keeps the book of the leases held and when each is acquired or given
 * up, so the rules of a single acquisition read in one place; it keeps no state of its own, and runs on the executor
 * of the CallLeases that made it.
 */
final class LeaseAcquisition {
    private static final Logger log = LoggerFactory.getLogger(LeaseAcquisition.class);

    /** How often a held join asks again whether the call's lease lapsed. */
    static final Duration RETRY = Duration.ofMillis(250);

    private final CallOwnership ownership;
    private final Duration holdJoins;
    private final CallStateKeeper states;
    private final Predicate<String> live;
    private final Predicate<String> inProgress;
    private final BooleanSupplier cutOff;
    private final Executor io;

    /**
     * @param holdJoins how long a join of a call another node holds waits for that lease to lapse before it is refused
     * @param states restores the state a call's last owner kept once its lease is granted here
     * @param live whether a node is among the live nodes now (no I/O)
     * @param inProgress whether a call is in progress here: its state is not restored then
     * @param cutOff whether this node is cut off from Redis while other nodes reach it
     * @param io where acquisitions run, and their retries
     */
    LeaseAcquisition(
            CallOwnership ownership,
            Duration holdJoins,
            CallStateKeeper states,
            Predicate<String> live,
            Predicate<String> inProgress,
            BooleanSupplier cutOff,
            Executor io) {
        this.ownership = ownership;
        this.holdJoins = holdJoins;
        this.states = states;
        this.live = live;
        this.inProgress = inProgress;
        this.cutOff = cutOff;
        this.io = io;
    }

    /**
     * Acquires the call's lease once {@code after} (the call's release in flight) is done; a join of a call another
     * node holds is held from now for {@code holdJoins}. Fails with {@link ServedElsewhere} when a live node holds it.
     */
    CompletableFuture<Lease> acquire(String sessionId, Lease before, CompletableFuture<Void> after) {
        long deadline = System.nanoTime() + holdJoins.toNanos();
        return after.thenComposeAsync(ignored -> acquire(sessionId, before, deadline), io);
    }

    /** An acquisition that found the call held by another live node: the join goes there. */
    static final class ServedElsewhere extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient CallOwnership.Owner owner;

        ServedElsewhere(CallOwnership.Owner owner) {
            super("served by " + owner.node() + " under epoch " + owner.epoch(), null, false, false);
            this.owner = owner;
        }

        CallOwnership.Owner owner() {
            return owner;
        }
    }

    /**
     * Acquires the call's lease; {@code before} is the lease this node held and could not renew in time. Without an
     * answer from Redis such a call goes on here, joins and rejoins included: nobody else can take it while Redis is
     * out of reach for everyone, and a call whose members all reach this node must not stop because Redis blinked. A
     * new call is refused instead, as which node serves it cannot be settled.
     */
    private CompletableFuture<Lease> acquire(String sessionId, Lease before, long deadline) {
        CallOwnership.Claim claim = ownership.acquire(sessionId);
        if (claim instanceof CallOwnership.Held h
                && !h.owner().node().equals(ownership.node())
                && live.test(h.owner().node())) {
            // A live owner serves the call's members wherever they connect: the socket is proxied to it.
            return CompletableFuture.failedFuture(new ServedElsewhere(h.owner()));
        }
        if (claim instanceof CallOwnership.Held h
                && !h.owner().node().equals(ownership.node())
                && System.nanoTime() + RETRY.toNanos() < deadline) {
            // Polled rather than watched: the lease lapses in Redis without telling anyone.
            Executor later = CompletableFuture.delayedExecutor(RETRY.toMillis(), TimeUnit.MILLISECONDS, io);
            return CompletableFuture.supplyAsync(() -> sessionId, later)
                    .thenCompose(id -> acquire(id, before, deadline));
        }
        Lease lease = lease(sessionId, before, claim);
        if (claim instanceof CallOwnership.Granted && before == null && !inProgress.test(sessionId)) {
            // Before the join that asked goes on, so it finds the call its last owner left, and rejoins.
            states.restore(sessionId);
        }
        return CompletableFuture.completedFuture(lease);
    }

    private Lease lease(String sessionId, Lease before, CallOwnership.Claim claim) {
        if (before != null && claim instanceof CallOwnership.Unavailable u && cutOff.getAsBoolean()) {
            throw new SignalingException(
                    ErrorCode.UNAVAILABLE,
                    "call '" + sessionId + "': this node is cut off from Redis while other nodes reach it (expected:"
                            + " the call's members to reconnect to another node, which takes its lease): "
                            + u.reason());
        }
        if (before != null && claim instanceof CallOwnership.Unavailable u) {
            log.warn("call served here without its lease renewed sessionId={} reason={}", sessionId, u.reason());
            return before;
        }
        return switch (claim) {
            case CallOwnership.Granted g -> g.lease();
            case CallOwnership.Held h
            when h.owner().node().equals(ownership.node()) ->
                throw new SignalingException(
                        ErrorCode.UNAVAILABLE,
                        "call '" + sessionId + "': held by this node under epoch "
                                + h.owner().epoch()
                                + " from before a restart (expected: that lease to lapse, within seconds)");
            case CallOwnership.Held h ->
                throw new SignalingException(
                        ErrorCode.UNAVAILABLE,
                        "call '" + sessionId + "': served by node '" + h.owner().node() + "', still after "
                                + holdJoins.toMillis() + " ms (expected: every member"
                                + " of a call on the node that serves it; route by ?call=<sessionId>, see"
                                + " docs/deploy.md)");
            case CallOwnership.Free f ->
                throw new SignalingException(
                        ErrorCode.UNAVAILABLE,
                        "call '" + sessionId + "': the lease store answered an acquisition with"
                                + " nobody holding it (expected: granted or held)");
            case CallOwnership.Unavailable u ->
                throw new SignalingException(
                        ErrorCode.UNAVAILABLE,
                        "call '" + sessionId + "': which node serves it cannot be settled: " + u.reason());
        };
    }

    /** Why an acquisition failed, for the log. */
    static String reason(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        return cause.getMessage();
    }
}
