package com.securevox.call.cluster;

import com.securevox.call.call.CallOwnership.Claim;
import com.securevox.call.call.CallOwnership.Free;
import com.securevox.call.call.CallOwnership.Granted;
import com.securevox.call.call.CallOwnership.Held;
import com.securevox.call.call.CallOwnership.Lease;
import com.securevox.call.call.CallOwnership.Unavailable;
import com.securevox.call.call.LeaseLoss;
import com.securevox.call.call.LossListener;
import com.securevox.call.call.Ticker;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews every lease this node holds, on a virtual thread of its own (never an event loop), every {@link
 * LeaseTimes#renewEvery()}; after a renewal that found Redis unreachable, again every {@link LeaseTimes#retryEvery()}
 * and at the earliest deadline at the latest. A renewal that finds the lease gone is reported to the {@link
 * LossListener} as {@link LeaseLoss.Taken} or {@link LeaseLoss.Freed}; a lease whose deadline passes before Redis
 * confirmed it as {@link LeaseLoss.Lapsed}. Each loss is reported once, and the lease is then no longer held.
 *
 * <p>While Redis does not answer, a round stops renewing at the first failure (every other renewal would wait out the
 * same timeout) but still checks every deadline, which costs no I/O.
 *
 * <p>When Redis's primary changes ({@link #newPrimary}, from {@link Replication}), the next round comes at once and
 * re-asserts every lease instead of renewing it ({@link Leases#reassert}): a lease the failover lost is put back with
 * its epoch before another node can take the call with the same or a lower one. Until a round got every answer, the
 * next round re-asserts again.
 */
public final class LeaseKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);
    /** How long closing waits for a round in progress (a renewal waits at most the Redis timeout). */
    private static final Duration JOIN = Duration.ofSeconds(5);

    /** What the keeper needs of the leases; {@link RedisCallOwnership} is it. */
    public interface Leases {
        /** The leases this node holds now. */
        Collection<Lease> held();

        Claim renew(Lease lease);

        boolean release(Lease lease);

        /** Stops holding the lease, without asking Redis. */
        void forget(Lease lease);

        /**
         * Renews the lease on a new primary, putting it back if the primary lost it; by default (leases kept where a
         * primary cannot change) a renewal.
         */
        default Claim reassert(Lease lease) {
            return renew(lease);
        }
    }

    private final Leases leases;
    private final LeaseTimes times;
    private final Ticker ticker;
    private final LossListener listener;
    private final LeaseMetrics metrics;
    private final RedisHealth health;
    private final Rounds renewals;
    /** Whether the next round re-asserts rather than renews: the primary changed, and no round got through since. */
    private final AtomicBoolean reassert = new AtomicBoolean();
    /** Why the latest renewal failed, until one succeeds: the reason a lapse gives. Only the keeper's thread uses it. */
    private Optional<String> lastFailure = Optional.empty();

    public LeaseKeeper(
            Leases leases,
            LeaseTimes times,
            Ticker ticker,
            LossListener listener,
            LeaseMetrics metrics,
            RedisHealth health) {
        this.leases = Objects.requireNonNull(leases, "leases");
        this.times = Objects.requireNonNull(times, "times");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.health = Objects.requireNonNull(health, "health");
        this.renewals = new Rounds("lease-keeper", this::round, times.retryEvery());
    }

    /** Redis's primary changed: the next round, at once, re-asserts every lease. Only signals. */
    public void newPrimary() {
        reassert.set(true);
        renewals.wake();
    }

    /** Starts renewing on the thread {@code lease-keeper}. */
    public void start() {
        renewals.start();
    }

    /**
     * One round: reports the leases whose deadline passed, renews the others, and reports what renewing found.
     *
     * @return how long to wait before the next round, in nanoseconds
     */
    long round() {
        boolean failed = false;
        boolean reasserting = reassert.getAndSet(false);
        for (Lease lease : leases.held()) {
            if (lapsed(lease) || failed) {
                continue;
            }
            Claim claim = reasserting ? leases.reassert(lease) : leases.renew(lease);
            if (!(claim instanceof Unavailable)) {
                health.answered();
                lastFailure = Optional.empty();
            }
            switch (claim) {
                case Granted granted -> {}
                case Held held -> {
                    // Our own owner value means the lease was released while it was being renewed: no loss.
                    if (!held.owner().equals(lease.owner())) {
                        lost(new LeaseLoss.Taken(lease, held.owner()));
                    }
                }
                case Free free -> lost(new LeaseLoss.Freed(lease));
                case Unavailable unavailable -> {
                    metrics.renewalFailed();
                    health.failed(unavailable.reason());
                    lastFailure = Optional.of(unavailable.reason());
                    failed = true;
                    // The renewal may have waited out the whole timeout.
                    lapsed(lease);
                }
            }
        }
        if (failed && reasserting) {
            reassert.set(true);
        }
        return nextWait(failed);
    }

    private boolean lapsed(Lease lease) {
        if (ticker.before(lease.validUntilNanos())) {
            return false;
        }
        lost(new LeaseLoss.Lapsed(
                lease,
                "not renewed before its deadline"
                        + lastFailure.map(f -> ": " + f).orElse("")));
        return true;
    }

    private void lost(LeaseLoss loss) {
        leases.forget(loss.lease());
        log.warn(
                "lease of call {} epoch {} lost: {}",
                loss.lease().callId(),
                loss.lease().owner().epoch(),
                loss);
        metrics.lost(loss);
        listener.lost(loss);
    }

    private long nextWait(boolean failed) {
        long wait = (failed ? times.retryEvery() : times.renewEvery()).toNanos();
        long now = ticker.nanos();
        for (Lease lease : leases.held()) {
            wait = Math.min(wait, Math.max(0, lease.validUntilNanos() - now));
        }
        return wait;
    }

    /** Stops renewing, then releases every lease this node holds, so other nodes can take those calls at once. */
    @Override
    public void close() {
        if (!renewals.stop(JOIN)) {
            log.warn("lease keeper: a round still runs after {}", JOIN);
        }
        for (Lease lease : leases.held()) {
            leases.release(lease);
        }
    }
}
