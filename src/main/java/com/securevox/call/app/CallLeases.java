package com.securevox.call.app;

import com.securevox.call.call.CallFact;
import com.securevox.call.call.CallJournal;
import com.securevox.call.call.CallOwnership;
import com.securevox.call.call.CallOwnership.Lease;
import com.securevox.call.call.CallStates;
import com.securevox.call.call.LeaseLoss;
import com.securevox.call.signaling.CallHome;
import com.securevox.call.signaling.ErrorCode;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls this node serves when several nodes share them: a call is served here while this node holds its lease
 * ({@link CallOwnership}). The first join of a call acquires the lease ({@link LeaseAcquisition}), on a virtual thread
 * of this class's; later joins find it held and go on without I/O; the call's end gives it up, so any node can serve
 * the call's next meeting. A join of a call another node holds waits for that lease to lapse (its owner may have died,
 * and its clients come here), and is refused ({@link ErrorCode#UNAVAILABLE}, naming that node) if it does not, until
 * calls are forwarded between nodes.
 *
 * <p>While Redis does not answer, a call this node served goes on here (its lease could not be renewed, and nobody
 * else can take it without Redis either); a new call is refused, since which node serves it cannot be settled. Unless
 * this node alone is cut off from Redis ({@code cluster.CutOff}): another node can take the call then, so it is let go
 * here ({@link #letGoCutOff}).
 *
 * <p>A call's facts go on to its {@link CallStateKeeper}, which keeps the call's state where other nodes read it; a
 * lease acquired for a call not in progress here restores the state its last owner kept before the join that asked
 * goes on, so a dead owner's clients find their call here.
 *
 * <p>One acquisition or release per call is in flight at a time: concurrent joins of a new call share one
 * acquisition, and a join that follows the call's end waits for the release rather than finding its own stale lease.
 */
final class CallLeases implements CallHome, CallJournal, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallLeases.class);
    private static final CompletableFuture<Void> NOTHING = CompletableFuture.completedFuture(null);

    /** How often the lease of a call that goes on here without it is asked for again. */
    static final Duration REGAIN = Duration.ofSeconds(1);

    private final CallOwnership ownership;
    private final CallStateKeeper states;
    private final Predicate<String> live;
    private final CallYield yielding;
    private final BooleanSupplier cutOff;
    private final ExecutorService io = Executors.newVirtualThreadPerTaskExecutor();
    private final LeaseAcquisition acquisition;
    /** Each call's lease, or its acquisition while in flight; a failed one is removed. */
    private final Map<String, CompletableFuture<Lease>> leases = new ConcurrentHashMap<>();
    /** Releases in flight, by call. */
    private final Map<String, CompletableFuture<Void>> releasing = new ConcurrentHashMap<>();
    /** Calls in progress here, from their start to their end: only their lost leases are asked for again. */
    private final Set<String> active = ConcurrentHashMap.newKeySet();
    /** Calls with rings here: their leases are kept though they are not in progress. */
    private final Set<String> rung = ConcurrentHashMap.newKeySet();
    /** Ends the rings of a call another node turned out to serve; set once ringing exists. */
    private volatile Consumer<String> ringsServedElsewhere = sessionId -> {};

    /**
     * @param holdJoins how long a join of a call another node holds waits for that lease to lapse before it is refused:
     *     when the owner died, its clients reconnect here and must find the call once the lease runs out
     */
    CallLeases(CallOwnership ownership, Duration holdJoins) {
        this(ownership, holdJoins, new CallStateKeeper(CallStates.NONE, new Handovers()), node -> false);
    }

    /**
     * @param states keeps the state of the calls served here, and restores a call whose state its last owner kept
     *     once this node acquires its lease, before the join that asked for it goes on
     * @param live whether a node is among the live nodes now (no I/O): a call another live node holds is served
     *     there; one held by a node that is not is waited for, as its owner died
     */
    CallLeases(CallOwnership ownership, Duration holdJoins, CallStateKeeper states, Predicate<String> live) {
        this(ownership, holdJoins, states, live, new CallYield(new Handovers()));
    }

    /**
     * @param yielding lets go of a call in progress here that another node turns out to serve, when this node asks for
     *     its lease again
     */
    CallLeases(
            CallOwnership ownership,
            Duration holdJoins,
            CallStateKeeper states,
            Predicate<String> live,
            CallYield yielding) {
        this(ownership, holdJoins, states, live, yielding, () -> false);
    }

    /**
     * @param cutOff whether this node is cut off from Redis while other nodes reach it ({@code cluster.CutOff}): a
     *     call whose lease could not be renewed then no longer goes on here
     */
    CallLeases(
            CallOwnership ownership,
            Duration holdJoins,
            CallStateKeeper states,
            Predicate<String> live,
            CallYield yielding,
            BooleanSupplier cutOff) {
        this.cutOff = cutOff;
        this.yielding = yielding;
        this.ownership = ownership;
        this.states = states;
        this.live = live;
        this.acquisition = new LeaseAcquisition(ownership, holdJoins, states, live, active::contains, cutOff, io);
    }

    @Override
    public CompletionStage<Where> admit(String sessionId) {
        CompletableFuture<Lease> lease = leases.compute(sessionId, (id, current) -> {
            if (current != null && (!current.isDone() || actsOn(current))) {
                return current;
            }
            Lease before = current == null || current.isCompletedExceptionally() ? null : current.join();
            return acquisition.acquire(id, before, releasing.getOrDefault(id, NOTHING));
        });
        lease.whenComplete((granted, failure) -> {
            if (failure != null) {
                leases.remove(sessionId, lease);
            }
        });
        return lease.handle((granted, failure) -> {
            if (failure == null) {
                return Where.Here.HERE;
            }
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof LeaseAcquisition.ServedElsewhere elsewhere) {
                return new Where.Elsewhere(
                        elsewhere.owner().node(), elsewhere.owner().epoch());
            }
            throw failure instanceof CompletionException c ? c : new CompletionException(failure);
        });
    }

    @Override
    public OptionalLong epoch(String sessionId) {
        CompletableFuture<Lease> current = leases.get(sessionId);
        return current != null && current.isDone() && actsOn(current)
                ? OptionalLong.of(current.join().owner().epoch())
                : OptionalLong.empty();
    }

    /**
     * A call's lease is kept while the call has rings here, though nobody joined (or everyone left): their answers
     * come here from every node.
     */
    @Override
    public void rung(String sessionId) {
        rung.add(sessionId);
    }

    /** Once the call's rings are forgotten, its lease goes unless the call is in progress here (its end lets it go). */
    @Override
    public void unrung(String sessionId) {
        rung.remove(sessionId);
        if (!active.contains(sessionId)) {
            release(sessionId);
        }
    }

    /**
     * What ends the rings of a call whose lease another node took (or holds when this node asks for it again after
     * losing it): nobody can answer them any more, as answers go where the lease is.
     */
    void ringsServedElsewhere(Consumer<String> end) {
        ringsServedElsewhere = end;
    }

    @Override
    public CompletionStage<Optional<Where.Elsewhere>> servedElsewhere(String sessionId) {
        if (epoch(sessionId).isPresent()) {
            return CallHome.NOWHERE_ELSE;
        }
        return CompletableFuture.supplyAsync(
                () -> {
                    if (ownership.owner(sessionId) instanceof CallOwnership.Held held
                            && !held.owner().node().equals(ownership.node())
                            && live.test(held.owner().node())) {
                        return Optional.of(new Where.Elsewhere(
                                held.owner().node(), held.owner().epoch()));
                    }
                    return Optional.<Where.Elsewhere>empty();
                },
                io);
    }

    /** The leases this node holds now, for renewal. */
    Collection<Lease> held() {
        return leases.values().stream()
                .filter(f -> f.isDone() && !f.isCompletedExceptionally())
                .map(CompletableFuture::join)
                .toList();
    }

    /** The lease of a call in progress here, while this node may act as its owner; empty otherwise. No I/O. */
    Optional<Lease> leaseOf(String sessionId) {
        CompletableFuture<Lease> current = leases.get(sessionId);
        return current != null && current.isDone() && actsOn(current) ? Optional.of(current.join()) : Optional.empty();
    }

    /**
     * The call went on to another node ({@link CallHandoff}): it is no longer served here, and its lease, which the
     * caller gives up, is neither renewed nor asked for again. Its state stays for that node.
     */
    void surrender(Lease lease) {
        active.remove(lease.callId());
        lost(lease);
    }

    /**
     * The lease of a call was lost (taken, or lapsed while the store could not be reached): the next join acquires
     * it again or is refused. Matched by owner and epoch: the lease reported is the one last renewed, whose deadline
     * differs from the one acquired.
     */
    void lost(Lease lease) {
        leases.computeIfPresent(
                lease.callId(),
                (id, current) -> current.isDone()
                                && !current.isCompletedExceptionally()
                                && current.join().owner().equals(lease.owner())
                        ? null
                        : current);
    }

    /**
     * Another node took the lease of a call served here: the lease is dropped, and the call is let go here without a
     * fact ({@link CallYield}), its sockets told to reconnect to where it is now. No longer in progress here, a later
     * acquisition of its lease by this node restores the state its owner then kept.
     */
    void taken(LeaseLoss.Taken taken) {
        lost(taken.lease());
        letGo(taken.lease().callId(), taken.by());
    }

    private void letGo(String sessionId, CallOwnership.Owner by) {
        if (rung.contains(sessionId)) {
            log.warn(
                    "rung call served elsewhere sessionId={} owner={} epoch={}, its rings end",
                    sessionId,
                    by.node(),
                    by.epoch());
            ringsServedElsewhere.accept(sessionId);
        }
        active.remove(sessionId);
        yielding.letGo(sessionId, by);
    }

    /**
     * This node is cut off from Redis while another node reaches it: every call in progress or rung here whose lease
     * passed its local deadline is let go ({@link CallYield#letGoCutOff}), as another node may take it once the lease
     * lapses in Redis, and its rings end (nobody could answer them here). Its lease is dropped first, so it is neither
     * asked for again nor released (a release would write to Redis under an epoch another node may have passed). A
     * call whose lease is being asked for again right now is let go when that fails ({@link #regain}). Returns how
     * many calls were let go.
     */
    int letGoCutOff() {
        Set<String> kept = new java.util.HashSet<>(active);
        kept.addAll(rung);
        int count = 0;
        for (String sessionId : kept) {
            CompletableFuture<Lease> current = leases.get(sessionId);
            if (current != null && (!current.isDone() || actsOn(current))) {
                continue; // held, or being asked for: not (yet) known to be served without a lease
            }
            if (current != null) {
                leases.remove(sessionId, current);
            }
            if (letGoCutOff(sessionId)) {
                count++;
            }
        }
        return count;
    }

    private boolean letGoCutOff(String sessionId) {
        if (rung.remove(sessionId)) {
            ringsServedElsewhere.accept(sessionId);
        }
        boolean inProgress = active.remove(sessionId);
        return yielding.letGoCutOff(sessionId).isPresent() || inProgress;
    }

    /**
     * The lease of a call in progress here, or with rings here, lapsed while Redis did not answer, or Redis lost it: the
     * call (or its ring) goes on, and its lease is asked for again every {@link #REGAIN} until this node holds it, the
     * call ends and its rings are forgotten, or another live node turns out to hold it: then the call is let go here as
     * when its lease is taken ({@link #taken}), its members reconnect to the real call, and its rings end.
     */
    void regain(String sessionId) {
        if (!kept(sessionId)) {
            return;
        }
        CompletableFuture<Lease> current = leases.get(sessionId);
        if (current != null && current.isDone() && actsOn(current)) {
            return; // a join took it again first
        }
        admit(sessionId).whenComplete((where, failure) -> {
            if (failure == null && where instanceof Where.Elsewhere(String node, long epoch)) {
                log.warn(
                        "call served elsewhere while it goes on here sessionId={} owner={} epoch={}, let go here",
                        sessionId,
                        node,
                        epoch);
                letGo(sessionId, new CallOwnership.Owner(node, epoch));
                return;
            }
            if (failure != null && cutOff.getAsBoolean() && kept(sessionId)) {
                // Refused for the cut-off (the failed acquisition dropped the lease): let go here and now.
                letGoCutOff(sessionId);
                return;
            }
            if (failure != null) {
                log.error(
                        "call served elsewhere while it goes on here sessionId={} reason={}",
                        sessionId,
                        LeaseAcquisition.reason(failure));
                return;
            }
            CompletableFuture<Lease> now = leases.get(sessionId);
            if (!kept(sessionId)) {
                release(sessionId); // it ended while its lease was being taken back
            } else if (now == null || !now.isDone() || !actsOn(now)) {
                Executor later = CompletableFuture.delayedExecutor(REGAIN.toMillis(), TimeUnit.MILLISECONDS, io);
                CompletableFuture.runAsync(() -> regain(sessionId), later);
            } else {
                log.info(
                        "call lease taken back sessionId={} epoch={}",
                        sessionId,
                        now.join().owner().epoch());
            }
        });
    }

    /** Whether the call's lease is kept here: the call is in progress here, or has rings here. */
    private boolean kept(String sessionId) {
        return active.contains(sessionId) || rung.contains(sessionId);
    }

    /** Called under the call's lock: only hands work to this class's threads. */
    @Override
    public void record(CallFact fact) {
        switch (fact) {
            case CallFact.CallStarted started -> {
                active.add(started.sessionId());
                ensureHeld(started.sessionId());
                changed(started.sessionId());
            }
            case CallFact.CallResumed resumed -> {
                active.add(resumed.sessionId());
                ensureHeld(resumed.sessionId());
                changed(resumed.sessionId());
            }
            case CallFact.CallEnded ended -> {
                active.remove(ended.sessionId());
                if (!rung.contains(ended.sessionId())) {
                    release(ended.sessionId());
                }
            }
            case CallFact.ParticipantJoined joined -> changed(joined.sessionId());
            case CallFact.ParticipantUpdated updated -> changed(updated.sessionId());
            case CallFact.ParticipantLeft left -> changed(left.sessionId());
            // Presence is not part of the shared state: a node taking the call over puts everyone in grace anyway.
            case CallFact.ParticipantAway away -> {}
            case CallFact.ParticipantBack back -> {}
        }
    }

    private void changed(String sessionId) {
        states.changed(sessionId, leases.get(sessionId));
    }

    /** Gives up every lease this node holds, so other nodes can serve its calls at once, and stops the threads. */
    @Override
    public void close() {
        states.close();
        List<Lease> held = List.copyOf(held());
        leases.clear();
        for (Lease lease : held) {
            ownership.release(lease);
        }
        io.close();
    }

    /**
     * A join that found the lease held and valid may, in a rare race, create the call again just after its end gave
     * the lease up; a call that starts here without a lease acquires it, so it is fenced like any other.
     */
    private void ensureHeld(String sessionId) {
        CompletableFuture<Lease> current = leases.get(sessionId);
        if (current == null || (current.isDone() && !actsOn(current))) {
            admit(sessionId).whenComplete((where, failure) -> {
                if (failure != null || where instanceof Where.Elsewhere) {
                    log.warn(
                            "call started without its lease sessionId={} reason={}",
                            sessionId,
                            failure != null ? LeaseAcquisition.reason(failure) : where);
                }
            });
        }
    }

    private void release(String sessionId) {
        CompletableFuture<Lease> lease = leases.remove(sessionId);
        if (lease == null) {
            return;
        }
        // The state goes first, while the lease still fences its delete.
        CompletableFuture<Void> done = lease.thenAcceptAsync(
                        held -> {
                            states.ended(held);
                            ownership.release(held);
                        },
                        io)
                .exceptionally(failure -> null); // an acquisition that failed holds nothing
        releasing.put(sessionId, done);
        done.whenComplete((ignored, failure) -> releasing.remove(sessionId, done));
    }

    private boolean actsOn(CompletableFuture<Lease> lease) {
        return !lease.isCompletedExceptionally() && ownership.mayActAsOwner(lease.join());
    }
}
