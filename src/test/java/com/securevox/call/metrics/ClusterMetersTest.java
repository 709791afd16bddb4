package com.securevox.call.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.CallOwnership.Lease;
import com.securevox.call.call.CallOwnership.Owner;
import com.securevox.call.call.LeaseLoss;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
