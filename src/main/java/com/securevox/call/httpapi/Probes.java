package com.securevox.call.httpapi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /health} and {@code GET /ready}: both 503 while draining, 200 otherwise. Neither depends on Redis: with
 * several nodes {@code /health} says {@code degraded} while Redis does not answer, but stays 200, and {@code /ready}
 * stays 200, because the calls whose sockets are on this node go on without Redis, and a load balancer that took every
 * node out at once would end them all. The one exception: a node cut off from Redis while other nodes reach it
 * ({@code redis.status: cut-off}) answers {@code /ready} 503, as it has let its calls go and takes nothing new. So that a readiness check still sees what is wrong without reading
 * {@code /health}, {@code /ready} lists the parts that fail in {@code degraded}. Everything here is read from memory, so
 * a probe never waits on I/O.
 */
public final class Probes {
    private final StatsSource stats;
    private final BooleanSupplier draining;
    private final Clock clock;
    private final String version;
    private final Supplier<TurnStatus> turn;
    private final Supplier<SfuHealth> sfu;
    private final Supplier<DatabaseHealth> database;
    private final Supplier<Optional<ClusterHealth>> cluster;
    private final Instant startedAt;

    /** @param cluster the nodes and Redis, for several nodes; always empty for one */
    public Probes(
            StatsSource stats,
            BooleanSupplier draining,
            Clock clock,
            String version,
            Supplier<TurnStatus> turn,
            Supplier<SfuHealth> sfu,
            Supplier<DatabaseHealth> database,
            Supplier<Optional<ClusterHealth>> cluster) {
        this.stats = Objects.requireNonNull(stats, "stats");
        this.draining = Objects.requireNonNull(draining, "draining");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.version = Objects.requireNonNull(version, "version");
        this.turn = Objects.requireNonNull(turn, "turn");
        this.sfu = Objects.requireNonNull(sfu, "sfu");
        this.database = Objects.requireNonNull(database, "database");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.startedAt = clock.instant();
    }

    /** A probe's status code and body. */
    record Answer(int status, Object body) {}

    Answer health() {
        boolean isDraining = draining.getAsBoolean();
        Optional<ClusterHealth> nodes = cluster.get();
        return new Answer(
                isDraining ? 503 : 200,
                new ApiBodies.Health(
                        isDraining ? "draining" : "healthy",
                        HttpApi.SERVICE,
                        version,
                        stats.activeCallCount(),
                        stats.connectedUsers(),
                        stats.connections(),
                        Duration.between(startedAt, clock.instant()).toSeconds(),
                        turn.get(),
                        sfu.get(),
                        database.get(),
                        nodes.map(ClusterHealth::node).orElse(null),
                        nodes.map(c -> c.nodes().stream()
                                        .map(ApiBodies.Health.Node::of)
                                        .toList())
                                .orElse(null),
                        nodes.map(ApiBodies.Health.Redis::of).orElse(null),
                        nodes.map(ClusterHealth::degraded).orElse(null),
                        nodes.map(ClusterHealth::leases).orElse(null),
                        nodes.map(ApiBodies.Health.Inbox::of).orElse(null),
                        null));
    }

    /**
     * 503 while draining, and while this node is cut off from Redis alone: it serves nothing new then (its calls went
     * on to the other nodes, its new sessions are refused), so a load balancer or Kubernetes should send nothing here.
     * Redis down for every node keeps 200, since each node's calls go on there.
     */
    Answer ready() {
        boolean isDraining = draining.getAsBoolean();
        Optional<ClusterHealth> nodes = cluster.get();
        boolean cutOff = nodes.filter(ClusterHealth::cutOff).isPresent();
        return new Answer(
                isDraining || cutOff ? 503 : 200,
                new ApiBodies.Ready(
                        isDraining ? "draining" : cutOff ? "cut-off" : "ready",
                        degraded(database.get(), sfu.get(), turn.get(), nodes)));
    }

    /**
     * The parts {@code /health} shows failing, by name in a fixed order, none of which fails the probe: each leaves
     * the calls on this node going on (history waits in the writer's queue, an SFU or coturn is restarted or
     * reconnected, the cluster's parts are the ones {@code /health}'s {@code degraded} covers).
     */
    static List<String> degraded(
            DatabaseHealth database, SfuHealth sfu, TurnStatus turn, Optional<ClusterHealth> cluster) {
        List<String> parts = new ArrayList<>();
        if (database.status().equals("failing")) {
            parts.add("database");
        }
        if (cluster.flatMap(ClusterHealth::inboxBlocked).isPresent()) {
            parts.add("inbox");
        }
        if (cluster.filter(c -> !c.redisReachable() || c.cutOff()).isPresent()) {
            parts.add("redis");
        }
        if (sfu.status().equals("down")) {
            parts.add("sfu");
        }
        if (Boolean.FALSE.equals(turn.running())) {
            parts.add("turn");
        }
        return List.copyOf(parts);
    }
}
