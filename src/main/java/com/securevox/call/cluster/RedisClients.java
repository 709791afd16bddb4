package com.securevox.call.cluster;

import java.util.LinkedHashSet;
import java.util.Set;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/** Jedis clients for {@link RedisSettings}: bounded waits everywhere, host names verified under TLS. */
final class RedisClients {
    /** Lease commands are few and short; a handful of connections covers renewals of many calls. */
    private static final int MAX_CONNECTIONS = 8;

    private RedisClients() {}

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
        if (settings.sentinelMaster().isPresent()) {
            Set<HostAndPort> sentinels = new LinkedHashSet<>();
            settings.hosts().forEach(h -> sentinels.add(new HostAndPort(h.name(), h.port())));
            return RedisSentinelClient.builder()
                    .masterName(settings.sentinelMaster().get())
                    .sentinels(sentinels)
                    .sentinelClientConfig(common(settings, timeout).build())
                    .clientConfig(redis.build())
                    .poolConfig(pool)
                    .build();
        }
        RedisSettings.Host host = settings.hosts().getFirst();
        return RedisClient.builder()
                .hostAndPort(host.name(), host.port())
                .clientConfig(redis.build())
                .poolConfig(pool)
                .build();
    }

    private static DefaultJedisClientConfig.Builder common(RedisSettings settings, int timeout) {
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeout)
                .socketTimeoutMillis(timeout);
        if (settings.tls()) {
            SSLParameters verifyHost = new SSLParameters();
            verifyHost.setEndpointIdentificationAlgorithm("HTTPS");
            builder.ssl(true).sslParameters(verifyHost);
        }
        return builder;
    }
}
