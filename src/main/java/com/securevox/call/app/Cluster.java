package com.securevox.call.app;

import com.securevox.call.call.CallJournal;
import com.securevox.call.call.CallOwnership;
import com.securevox.call.cluster.LeaseTimes;
import com.securevox.call.cluster.LocalCallOwnership;
import com.securevox.call.cluster.RedisCallOwnership;
import com.securevox.call.cluster.RedisSettings;
import com.securevox.call.cluster.RedisUnreachableException;
import com.securevox.call.config.ClusterConfig;
import com.securevox.call.config.ConfigKeys;
import com.securevox.call.config.RedisConfig;
import com.securevox.call.config.Secret;
import com.securevox.call.signaling.CallHome;
import com.securevox.call.trust.TrustAnchors;
import com.securevox.call.trust.TrustException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * The cluster part of the wiring: who owns calls, this node alone or the nodes sharing a Redis. A join asks it whether
 * this node serves the call ({@link #home}); calls' starts and ends take and give up their leases ({@link #journal}).
 */
final class Cluster {
    /** For connecting and for each command: a lease renewal that takes longer is as good as lost. */
    static final Duration REDIS_TIMEOUT = Duration.ofSeconds(1);

    /** A dead owner's lease lapses within its time to live: its clients' joins elsewhere wait that long for the call. */
    static final Duration HOLD_JOINS = LeaseTimes.DEFAULT.ttl().plusSeconds(1);

    private final ClusterConfig config;
    private final CallOwnership ownership;
    private final Optional<RedisCallOwnership> redis;
    private final Optional<CallLeases> leases;

    Cluster(ClusterConfig config, Clock clock) {
        this.config = config;
        redis = config.redis().map(r -> open(r, config.nodeId(), clock));
        ownership = redis.<CallOwnership>map(r -> r).orElseGet(() -> new LocalCallOwnership(config.nodeId()));
        leases = redis.map(r -> new CallLeases(r, HOLD_JOINS));
    }

    /** Which calls this node serves: every call alone, the calls it holds the lease of with others. */
    CallHome home() {
        return leases.<CallHome>map(l -> l).orElse(CallHome.THIS_NODE);
    }

    /** What the cluster hears of calls: their start and end take and give up their leases. */
    CallJournal journal() {
        return leases.<CallJournal>map(l -> l).orElse(fact -> {});
    }

    CallOwnership ownership() {
        return ownership;
    }

    /**
     * Checks that Redis answers: a node that starts without it could take calls another node owns, so it does not
     * start (a running node that loses Redis keeps its calls; see docs/config.md).
     */
    void start() {
        if (redis.isPresent()) {
            Optional<String> why = redis.get().unreachable();
            if (why.isPresent()) {
                throw StartException.unreachable(
                        "redis " + config.redis().orElseThrow().describe(), why.get(), null);
            }
        }
    }

    private static RedisCallOwnership open(RedisConfig r, String node, Clock clock) {
        try {
            return RedisCallOwnership.open(settings(r), node, LeaseTimes.DEFAULT, clock);
        } catch (RedisUnreachableException e) {
            throw StartException.unreachable("redis " + r.describe(), e.getMessage(), e);
        }
    }

    /** Gives up this node's leases, so other nodes can take its calls at once, and closes the connections. */
    void stop() {
        leases.ifPresent(CallLeases::close);
        redis.ifPresent(RedisCallOwnership::close);
    }

    private static RedisSettings settings(RedisConfig r) {
        List<RedisSettings.Host> hosts =
                switch (r.servers()) {
                    case RedisConfig.Standalone s -> List.of(host(s.host()));
                    case RedisConfig.Sentinel s ->
                        s.sentinels().stream().map(Cluster::host).toList();
                };
        Optional<String> master =
                r.servers() instanceof RedisConfig.Sentinel s ? Optional.of(s.master()) : Optional.empty();
        return new RedisSettings(
                hosts,
                master,
                r.tls(),
                r.ca().map(Cluster::sockets),
                r.database(),
                r.user(),
                r.password().map(Secret::value),
                REDIS_TIMEOUT);
    }

    /** The configuration checked the file at start; only a file changed since then fails here. */
    private static SSLSocketFactory sockets(Path ca) {
        try {
            return TrustAnchors.read(ca).socketFactory();
        } catch (TrustException e) {
            throw new IllegalStateException(ConfigKeys.REDIS_CA + ": " + e.getMessage(), e);
        }
    }

    private static RedisSettings.Host host(RedisConfig.Host h) {
        return new RedisSettings.Host(h.name(), h.port());
    }
}
