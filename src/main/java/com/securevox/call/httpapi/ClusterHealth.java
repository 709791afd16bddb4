package com.securevox.call.httpapi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code /health} says about the nodes sharing a Redis; a single node has none of it.
 *
 * @param node this node's id
 * @param nodes the live nodes as last listed (the last list known while Redis does not answer)
 * @param redisReachable whether Redis answered this node's last command
 * @param redisSince since when Redis has answered, or not
 * @param leases how many calls this node acts as the owner of now (leases held within their local deadline)
 * @param inboxBlocked what keeps this node from reading its inbox from the other nodes (its key in Redis is of another
 *     type); empty while it reads
 * @param primary Redis's primary as last read (its run_id, its replicas, the changes seen); empty before the first
 *     reading
 * @param cutOff whether this node, unable to reach Redis, found another node that reaches it: cut off alone, it serves
 *     nothing (its calls went to other nodes, new sessions are refused), where Redis down for every node keeps the calls
 *     going on each
 */
public record ClusterHealth(
        String node,
        List<Node> nodes,
        boolean redisReachable,
        Instant redisSince,
        int leases,
        Optional<String> inboxBlocked,
        Optional<Primary> primary,
        boolean cutOff) {
    public ClusterHealth {
        Objects.requireNonNull(node, "node");
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(redisSince, "redisSince");
        if (leases < 0) {
            throw new IllegalArgumentException("leases: " + leases + " (expected: >= 0)");
        }
        Objects.requireNonNull(inboxBlocked, "inboxBlocked");
        Objects.requireNonNull(primary, "primary");
    }

    /** A node not cut off from Redis alone. */
    public ClusterHealth(
            String node,
            List<Node> nodes,
            boolean redisReachable,
            Instant redisSince,
            int leases,
            Optional<String> inboxBlocked,
            Optional<Primary> primary) {
        this(node, nodes, redisReachable, redisSince, leases, inboxBlocked, primary, false);
    }

    /** A node whose primary was not read yet. */
    public ClusterHealth(
            String node,
            List<Node> nodes,
            boolean redisReachable,
            Instant redisSince,
            int leases,
            Optional<String> inboxBlocked) {
        this(node, nodes, redisReachable, redisSince, leases, inboxBlocked, Optional.empty());
    }

    /** A node whose inbox reads. */
    public ClusterHealth(String node, List<Node> nodes, boolean redisReachable, Instant redisSince, int leases) {
        this(node, nodes, redisReachable, redisSince, leases, Optional.empty());
    }

    /** Whether something this node needs from Redis fails: Redis does not answer, or its inbox cannot be read. */
    public boolean degraded() {
        return !redisReachable || inboxBlocked.isPresent() || cutOff;
    }

    /** What {@code /health}'s {@code redis.status} says: {@code ok}, {@code unreachable}, or {@code cut-off}. */
    public String redisStatus() {
        return cutOff ? "cut-off" : redisReachable ? "ok" : "unreachable";
    }

    /**
     * Redis's primary as this node last read it.
     *
     * @param runId its {@code run_id}: another one means a failover or a restart
     * @param replicas its replicas online and in sync
     * @param changes how many times this node found the primary changed since it started
     * @param changedAt when it last did
     * @param unconfirmed lease writes that no replica confirmed in time since this node started
     */
    public record Primary(String runId, int replicas, long changes, Optional<Instant> changedAt, long unconfirmed) {
        public Primary {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(changedAt, "changedAt");
        }
    }

    /** One live node, as it announced itself. */
    public record Node(String id, String url, Instant startedAt, boolean draining, int activeCalls, Instant lastSeen) {
        public Node {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(lastSeen, "lastSeen");
        }
    }
}
