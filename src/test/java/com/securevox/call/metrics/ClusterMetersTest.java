package com.securevox.call.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.CallOwnership.Lease;
import com.securevox.call.call.CallOwnership.Owner;
import com.securevox.call.call.LeaseLoss;
import com.securevox.call.cluster.Replication;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.Reference;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The cluster meters read their suppliers at each scrape, and count losses by kind. */
class ClusterMetersTest {
    private static final Lease LEASE = new Lease("call-1", new Owner("node-a", 1), 0);

    @Test
    void gaugesFollowTheirSuppliersEvenAfterAGarbageCollection() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicInteger held = new AtomicInteger(2);
        AtomicBoolean up = new AtomicBoolean(true);
        ClusterMeters meters = new ClusterMeters(registry, () -> held.get(), () -> up.get());

        System.gc();
        held.set(3);
        up.set(false);

        assertThat(registry.get("securevox.cluster.leases.held").gauge().value())
                .isEqualTo(3);
        assertThat(registry.get("securevox.cluster.redis.up").gauge().value()).isZero();
        meters.lost(new LeaseLoss.Lapsed(LEASE, "down"));
        meters.lost(new LeaseLoss.Taken(LEASE, new Owner("node-b", 2)));
        meters.lost(new LeaseLoss.Lapsed(LEASE, "down"));
        meters.renewalFailed();
        assertThat(registry.get("securevox.cluster.leases.lost")
                        .tag("kind", "lapsed")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("securevox.cluster.leases.lost")
                        .tag("kind", "taken")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("securevox.cluster.leases.lost")
                        .tag("kind", "freed")
                        .counter()
                        .count())
                .isZero();
        assertThat(registry.get("securevox.cluster.lease.renewals.failed")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void replicationMetersReadTheStatusEvenAfterAGarbageCollection() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicReference<Replication.Status> status =
                new AtomicReference<>(new Replication.Status(Optional.of("a1"), 1, 0, Optional.empty(), 0));
        ClusterMeters meters = new ClusterMeters(registry, () -> 0, () -> true);
        meters.replication(registry, () -> status.get());

        System.gc();
        status.set(new Replication.Status(Optional.of("b2"), 0, 1, Optional.of(Instant.EPOCH), 4));

        assertThat(registry.get("securevox.cluster.redis.primary.changes")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("securevox.cluster.lease.writes.unconfirmed")
                        .functionCounter()
                        .count())
                .isEqualTo(4);
        assertThat(registry.get("securevox.cluster.redis.replicas").gauge().value())
                .isZero();
        Reference.reachabilityFence(meters); // as the lease keeper holds them in the server
    }

    @Test
    void handOffsAreCountedByOutcomeEachShownFromTheStart() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ClusterMeters meters = new ClusterMeters(registry, () -> 0, () -> true);

        assertThat(registry.get("securevox.cluster.handoffs")
                        .tag("outcome", "kept")
                        .counter()
                        .count())
                .isZero();
        meters.handoff(true);
        meters.handoff(true);
        meters.handoff(false);

        assertThat(registry.get("securevox.cluster.handoffs")
                        .tag("outcome", "handed_over")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("securevox.cluster.handoffs")
                        .tag("outcome", "kept")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void callsLetGoAreCountedFromZero() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ClusterMeters meters = new ClusterMeters(registry, () -> 0, () -> true);

        assertThat(registry.get("securevox.cluster.calls.let.go").counter().count())
                .isZero();
        meters.letGo();

        assertThat(registry.get("securevox.cluster.calls.let.go").counter().count())
                .isEqualTo(1);
    }
}
