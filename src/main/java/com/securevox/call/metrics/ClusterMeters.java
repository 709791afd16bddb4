package com.securevox.call.metrics;

import com.securevox.call.call.LeaseLoss;
import com.securevox.call.cluster.LeaseMetrics;
import com.securevox.call.cluster.Replication;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The meters of several nodes sharing a Redis: {@code securevox_cluster_leases_held}, {@code
 * securevox_cluster_lease_renewals_failed_total}, {@code securevox_cluster_leases_lost_total{kind}} ({@code taken},
 * {@code freed}, {@code lapsed}; each made up front so that it shows 0), {@code securevox_cluster_redis_up} (1 while
 * Redis answered this node's last command), and {@code securevox_cluster_handoffs_total{outcome}} ({@code
 * handed_over}, {@code kept}: a draining node's calls), and {@code securevox_cluster_calls_let_go_total} (calls this
 * node let go because another node serves them now). With {@link #replication}: {@code
 * securevox_cluster_redis_primary_changes_total} (a Sentinel failover or a Redis restart seen by this node), {@code
 * securevox_cluster_lease_writes_unconfirmed_total} (lease grants no replica confirmed in time: a failover then could
 * lose them) and {@code securevox_cluster_redis_replicas} (replicas in sync at the last reading). Alert on {@code
 * redis_up == 0}, on any lost lease, on calls kept by a drain, and on unconfirmed writes while replicas are expected.
 */
public final class ClusterMeters implements LeaseMetrics {
    private final Counter renewalsFailed;
    private final Map<String, Counter> lost;
    private final Counter handedOff;
    private final Counter kept;
    private final Counter letGo;
    private volatile Supplier<Replication.Status> replication;

    public ClusterMeters(MeterRegistry registry, IntSupplier leasesHeld, BooleanSupplier redisReachable) {
        renewalsFailed = Counter.builder("securevox.cluster.lease.renewals.failed")
                .description("Lease renewals that found Redis unreachable (the lease runs until its deadline)")
                .register(registry);
        lost = Map.of(
                "taken", lostCounter(registry, "taken"),
                "freed", lostCounter(registry, "freed"),
                "lapsed", lostCounter(registry, "lapsed"));
        handedOff = handoffCounter(registry, "handed_over");
        kept = handoffCounter(registry, "kept");
        letGo = Counter.builder("securevox.cluster.calls.let.go")
                .description("Calls this node let go, without recording anyone leaving, because another node serves"
                        + " them now (it took their lease while this node was cut off from Redis)")
                .register(registry);
        Gauge.builder("securevox.cluster.leases.held", leasesHeld, IntSupplier::getAsInt)
                .description("Call leases this node holds")
                // The suppliers are lambdas nothing else holds: a weak reference would lose them at the first GC.
                .strongReference(true)
                .register(registry);
        Gauge.builder("securevox.cluster.redis.up", redisReachable, r -> r.getAsBoolean() ? 1 : 0)
                .description("1 while Redis answered this node's last command, 0 while it does not")
                .strongReference(true)
                .register(registry);
    }

    private static Counter handoffCounter(MeterRegistry registry, String outcome) {
        return Counter.builder("securevox.cluster.handoffs")
                .description("Calls a draining node handed over to other nodes (handed_over), or kept until they"
                        + " ended or the drain timed out (kept)")
                .tag("outcome", outcome)
                .register(registry);
    }

    private static Counter lostCounter(MeterRegistry registry, String kind) {
        return Counter.builder("securevox.cluster.leases.lost")
                .description("Call leases this node lost: taken by another node, freed in Redis, or lapsed while"
                        + " Redis was unreachable")
                .tag("kind", kind)
                .register(registry);
    }

    /** Registers the meters of Redis's replication, read from {@code status} (no I/O) at each scrape. */
    public void replication(MeterRegistry registry, Supplier<Replication.Status> status) {
        // FunctionCounter keeps only a weak reference to what it reads: these meters, which the lease keeper holds,
        // hold the supplier (a lambda nothing else holds would go at the first GC).
        this.replication = status;
        FunctionCounter.builder("securevox.cluster.redis.primary.changes", this, m -> m.replication
                        .get()
                        .changes())
                .description("Times this node found Redis's primary changed (a Sentinel failover, or a Redis restart):"
                        + " it re-asserted its leases there")
                .register(registry);
        FunctionCounter.builder("securevox.cluster.lease.writes.unconfirmed", this, m -> m.replication
                        .get()
                        .unconfirmed())
                .description("Lease grants and renewals that no replica confirmed in time (kept: a failover right"
                        + " then could lose them)")
                .register(registry);
        Gauge.builder("securevox.cluster.redis.replicas", status, s -> s.get().replicas())
                .description("Replicas of Redis's primary online and in sync at the last reading")
                .strongReference(true)
                .register(registry);
    }

    /** A draining node's call went on on another node ({@code true}), or stayed here ({@code false}). */
    public void handoff(boolean handedOver) {
        (handedOver ? handedOff : kept).increment();
    }

    /** A call let go here because another node serves it now. */
    public void letGo() {
        letGo.increment();
    }

    @Override
    public void renewalFailed() {
        renewalsFailed.increment();
    }

    @Override
    public void lost(LeaseLoss loss) {
        String kind =
                switch (loss) {
                    case LeaseLoss.Taken t -> "taken";
                    case LeaseLoss.Freed f -> "freed";
                    case LeaseLoss.Lapsed l -> "lapsed";
                };
        lost.get(kind).increment();
    }
}
