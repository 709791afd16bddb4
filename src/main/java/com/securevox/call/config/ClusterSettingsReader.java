package com.securevox.call.config;

import com.securevox.call.call.CallOwnership;
import com.securevox.call.trust.TrustAnchors;
import com.securevox.call.trust.TrustException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads {@code SECUREVOX_CALL_NODE_ID}, {@code SECUREVOX_CALL_NODE_URL}, {@code SECUREVOX_CALL_REDIS_URL}, {@code
 * SECUREVOX_CALL_REDIS_CA} and {@code SECUREVOX_CALL_PEER_CA},
 * recording problems like the loader. One node unless a Redis URL is set. Several nodes share the history, the webhook
 * outbox and the devices, which an SQLite file on each node cannot, so Redis with SQLite is refused.
 */
final class ClusterSettingsReader {
    /** The longest node URL a node's Redis entry holds. */
    static final int MAX_NODE_URL = 512;

    private ClusterSettingsReader() {}

    static ClusterConfig read(Settings s, Supplier<String> nodeIds) {
        Optional<String> configuredNode = s.text(ConfigKeys.NODE_ID);
        boolean validNode = configuredNode.map(CallOwnership.Owner::isValidNode).orElse(false);
        if (configuredNode.isPresent() && !validNode) {
            s.problem(ConfigKeys.NODE_ID + ": " + Settings.shown(configuredNode.get()) + " (expected: "
                    + ClusterConfig.NODE_ID_RULE + ")");
        }
        Optional<RedisConfig> redis = s.text(ConfigKeys.REDIS_URL).flatMap(url -> switch (RedisUrl.parse(url)) {
            case RedisUrl.Parsed.Ok ok -> Optional.of(ok.redis());
            case RedisUrl.Parsed.Problem problem -> {
                s.problem(problem.message());
                yield Optional.empty();
            }
        });
        Optional<String> ca = s.text(ConfigKeys.REDIS_CA);
        if (ca.isPresent()) {
            if (s.text(ConfigKeys.REDIS_URL).isEmpty()) {
                s.warn(ConfigKeys.REDIS_CA + ": set without " + ConfigKeys.REDIS_URL + ", ignored (single node)");
            } else {
                Optional<Path> trusted = anchors(s, ConfigKeys.REDIS_CA, ca.get());
                redis = redis.flatMap(r -> withCa(s, r, trusted));
            }
        }
        if (redis.isPresent() && s.text(ConfigKeys.DATABASE_URL).isEmpty()) {
            s.problem(ConfigKeys.REDIS_URL + " is set but " + ConfigKeys.DATABASE_URL + " is not: several nodes"
                    + " share the call history, the webhook outbox and the devices, which SQLite cannot (expected: "
                    + ConfigKeys.DATABASE_URL + "=postgres://… with " + ConfigKeys.REDIS_URL + ", or no "
                    + ConfigKeys.REDIS_URL + " for a single node on SQLite)");
        }
        Optional<URI> nodeUrl = nodeUrl(s);
        Optional<Path> peerCa = peerCa(s);
        return validNode
                ? new ClusterConfig(configuredNode.get(), false, redis, nodeUrl, peerCa)
                : new ClusterConfig(nodeIds.get(), true, redis, nodeUrl, peerCa);
    }

    /**
     * {@code SECUREVOX_CALL_PEER_CA}: whom to trust for the other nodes' {@code https://} URLs; only with Redis. Not
     * tied to this node's own URL: the others' may be https while this one's is not.
     */
    private static Optional<Path> peerCa(Settings s) {
        Optional<String> value = s.text(ConfigKeys.PEER_CA);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (s.text(ConfigKeys.REDIS_URL).isEmpty()) {
            s.warn(ConfigKeys.PEER_CA + ": set without " + ConfigKeys.REDIS_URL + ", ignored (single node)");
            return Optional.empty();
        }
        return anchors(s, ConfigKeys.PEER_CA, value.get());
    }

    /** {@code SECUREVOX_CALL_NODE_URL}: where the other nodes reach this one; only with Redis. */
    private static Optional<URI> nodeUrl(Settings s) {
        Optional<URI> nodeUrl = s.text(ConfigKeys.NODE_URL)
                .flatMap(raw -> HttpUrls.read(s, ConfigKeys.NODE_URL, raw, "http://10.0.0.5:8002", false))
                .flatMap(url -> {
                    if (url.toString().length() > MAX_NODE_URL) {
                        s.problem(ConfigKeys.NODE_URL + ": " + url.toString().length()
                                + " characters (expected: at most " + MAX_NODE_URL + ")");
                        return Optional.empty();
                    }
                    return Optional.of(url);
                });
        if (nodeUrl.isPresent() && s.text(ConfigKeys.REDIS_URL).isEmpty()) {
            s.warn(ConfigKeys.NODE_URL + ": set without " + ConfigKeys.REDIS_URL
                    + ", so ignored (a single node announces itself nowhere)");
        }
        return nodeUrl;
    }

    /** The CA file, read once here so that a file the client could not use stops the start with its reason. */
    private static Optional<Path> anchors(Settings s, String key, String value) {
        Optional<Path> file = TlsSettings.readable(s, key, value);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            TrustAnchors.read(file.get());
            return file;
        } catch (TrustException e) {
            s.problem(key + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** A CA for a Redis reached in the clear would be a promise of TLS that nothing keeps. */
    private static Optional<RedisConfig> withCa(Settings s, RedisConfig redis, Optional<Path> ca) {
        if (!redis.tls()) {
            s.problem(ConfigKeys.REDIS_CA + ": set but " + ConfigKeys.REDIS_URL + " does not use TLS (expected: a "
                    + "rediss:// or rediss-sentinel:// URL, or no " + ConfigKeys.REDIS_CA + ")");
            return Optional.empty();
        }
        return ca.map(redis::trusting);
    }
}
