package com.securevox.call.httpapi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@code /health} says about the nodes sharing a Redis; a single node has none of it.
 *
 * @param node this node's id
 * @param nodes the live nodes as last listed (the last list known while Redis does not answer)
 * @param redisReachable whether Redis answered this node's last command
 * @param redisSince since when Redis has answered, or not
 * @param leases how many calls this node acts as the owner of now (leases held within their local deadline)
 */
public record ClusterHealth(String node, List<Node> nodes, boolean redisReachable, Instant redisSince, int leases) {
    public ClusterHealth {
        Objects.requireNonNull(node, "node");
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(redisSince, "redisSince");
        if (leases < 0) {
            throw new IllegalArgumentException("leases: " + leases + " (expected: >= 0)");
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
