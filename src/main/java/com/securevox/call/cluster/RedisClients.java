package com.securevox.call.cluster;

import com.securevox.call.trust.ConnectionFailure;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Jedis clients for {@link RedisSettings}: bounded waits everywhere, host names verified under TLS, and the same TLS
 * (with the same CA) to the Sentinels as to Redis.
 */
final class RedisClients {
    /** Lease commands are few and short; a handful of connections covers renewals of many calls. */
    private static final int MAX_CONNECTIONS = 8;

    private RedisClients() {}

    /**
     * @throws RedisUnreachableException with Sentinel, when no Sentinel answers (Jedis asks them at once)
     */
    static UnifiedJedis open(RedisSettings settings, String node) {
        int timeout = Math.toIntExact(settings.timeout().toMillis());
        DefaultJedisClientConfig.Builder redis =
                common(settings, timeout).database(settings.database()).clientName("securevox-call-" + node);
        settings.user().ifPresent(redis::user);
        settings.password().ifPresent(redis::password);
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(MAX_CONNECTIONS);
        // Unbounded by default: a caller would wait for ever for a connection while Redis hangs.
        pool.setMaxWait(settings.timeout());
        // A connection that died while idle in the pool (Redis restarted, a proxy or relay dropped it, an outage) would
        // fail the next command taken on it: the first join after Redis came back would be refused UNAVAILABLE while
        // /health already says ok. A PING on borrowing costs one round trip on a virtual thread, on commands that are
        // few (acquisitions, renewals, state writes: never per relayed message).
        pool.setTestOnBorrow(true);
        if (settings.sentinelMaster().isPresent()) {
            Set<HostAndPort> sentinels = new LinkedHashSet<>();
            settings.hosts().forEach(h -> sentinels.add(new HostAndPort(h.name(), h.port())));
            JedisClientConfig sentinelConfig = common(settings, timeout).build();
            try {
                return RedisSentinelClient.builder()
                        .masterName(settings.sentinelMaster().get())
                        .sentinels(sentinels)
                        .sentinelClientConfig(sentinelConfig)
                        .clientConfig(redis.build())
                        .poolConfig(pool)
                        .build();
            } catch (JedisException e) {
                throw new RedisUnreachableException(whySentinels(sentinels, sentinelConfig, e), e);
            }
        }
        RedisSettings.Host host = settings.hosts().getFirst();
        return RedisClient.builder()
                .hostAndPort(host.name(), host.port())
                .clientConfig(redis.build())
                .poolConfig(pool)
                .build();
    }

    /**
     * Jedis says only that all Sentinels are down and logs each one's failure: asking each again finds the reason for
     * the operator, such as an untrusted certificate.
     */
    private static String whySentinels(Set<HostAndPort> sentinels, JedisClientConfig config, JedisException failure) {
        for (HostAndPort sentinel : sentinels) {
            try (Jedis jedis = new Jedis(sentinel, config)) {
                jedis.ping();
            } catch (JedisException e) {
                return "sentinel " + sentinel + ": " + ConnectionFailure.of(e).describe();
            }
        }
        return failure.getMessage();
    }

    private static DefaultJedisClientConfig.Builder common(RedisSettings settings, int timeout) {
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeout)
                .socketTimeoutMillis(timeout);
        if (settings.tls()) {
            SSLParameters verifyHost = new SSLParameters();
            verifyHost.setEndpointIdentificationAlgorithm("HTTPS");
            builder.ssl(true).sslParameters(verifyHost);
            settings.tlsSockets().ifPresent(builder::sslSocketFactory);
        }
        return builder;
    }
}
