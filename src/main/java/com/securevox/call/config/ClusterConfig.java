package com.securevox.call.config;

import com.securevox.call.call.CallOwnership;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether this server is one node of several sharing their calls through Redis, and its name among them.
 *
 * @param nodeId this process's name in the cluster: configured, or random per process (printed in the banner)
 * @param nodeIdGenerated whether {@code nodeId} was made up for this run
 * @param redis the Redis the nodes share; empty for a single node, which never talks to Redis
 * @param nodeUrl where the other nodes and operators reach this node, as it announces itself; empty: made from the
 *     host, port and TLS setting at start
 * @param peerCa the PEM file of the CA certificates to trust when this node calls another over {@code https}
 *     (instead of the JDK's trust store), checked at start; empty: the JDK's
 */
public record ClusterConfig(
        String nodeId,
        boolean nodeIdGenerated,
        Optional<RedisConfig> redis,
        Optional<URI> nodeUrl,
        Optional<Path> peerCa) {
    private static final int RANDOM_ID_BYTES = 6;

    public ClusterConfig {
        if (!CallOwnership.Owner.isValidNode(nodeId)) {
            throw new IllegalArgumentException(
                    "nodeId: " + Settings.shown(String.valueOf(nodeId)) + " (expected: " + NODE_ID_RULE + ")");
        }
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(nodeUrl, "nodeUrl");
        Objects.requireNonNull(peerCa, "peerCa");
    }

    /** Without a CA of its own for the other nodes. */
    public ClusterConfig(String nodeId, boolean nodeIdGenerated, Optional<RedisConfig> redis, Optional<URI> nodeUrl) {
        this(nodeId, nodeIdGenerated, redis, nodeUrl, Optional.empty());
    }

    static final String NODE_ID_RULE = "1 to 64 of [A-Za-z0-9._-]";

    /** A node id that is unique per process for all practical purposes: {@code node-} and 12 random hex digits. */
    static String randomNodeId(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_ID_BYTES];
        random.nextBytes(bytes);
        return "node-" + HexFormat.of().formatHex(bytes);
    }

    public boolean clustered() {
        return redis.isPresent();
    }

    /** For the start-up summary: never a password. */
    public String describe() {
        String node = "node " + nodeId + (nodeIdGenerated ? " (generated for this run)" : "");
        return redis.map(r -> "redis " + r.describe() + ", " + node).orElse("off (single node), " + node);
    }
}
