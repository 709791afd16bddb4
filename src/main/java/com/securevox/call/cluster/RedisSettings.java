package com.securevox.call.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * How to reach the Redis the nodes share.
 *
 * @param hosts the Redis server, or the Sentinels when {@code sentinelMaster} is set
 * @param sentinelMaster the name the Sentinels know the primary by; empty for one Redis server
 * @param tls TLS to Redis and to the Sentinels, with the server's host name verified
 * @param tlsSockets the sockets for TLS when they trust a CA of their own ({@code SECUREVOX_CALL_REDIS_CA}); empty for
 *     the JDK's trust store, and always without TLS
 * @param user the ACL user, if any; {@code password} is then set too
 * @param password for Redis (the Sentinels are asked without one)
 * @param timeout for connecting, for each command, and for waiting for a pooled connection
 */
public record RedisSettings(
        List<Host> hosts,
        Optional<String> sentinelMaster,
        boolean tls,
        Optional<SSLSocketFactory> tlsSockets,
        int database,
        Optional<String> user,
        Optional<String> password,
        Duration timeout) {

    public RedisSettings {
        hosts = List.copyOf(hosts);
        Objects.requireNonNull(sentinelMaster, "sentinelMaster");
        Objects.requireNonNull(tlsSockets, "tlsSockets");
        if (tlsSockets.isPresent() && !tls) {
            throw new IllegalArgumentException("tlsSockets: set without TLS (expected: tls, or no TLS sockets)");
        }
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(timeout, "timeout");
        if (hosts.isEmpty() || (sentinelMaster.isEmpty() && hosts.size() > 1)) {
            throw new IllegalArgumentException("hosts: " + hosts.size()
                    + " (expected: one Redis server, or at least one Sentinel with a master name)");
        }
        if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: 1ms to 24 days)");
        }
    }

    /** One Redis server on {@code host:port}, no TLS, no password, database 0. */
    public static RedisSettings standalone(String host, int port, Duration timeout) {
        return new RedisSettings(
                List.of(new Host(host, port)),
                Optional.empty(),
                false,
                Optional.empty(),
                0,
                Optional.empty(),
                Optional.empty(),
                timeout);
    }

    /** The same Redis with another {@code timeout}: for a client that waits on blocking commands. */
    public RedisSettings withTimeout(Duration timeout) {
        return new RedisSettings(hosts, sentinelMaster, tls, tlsSockets, database, user, password, timeout);
    }

    /** A host name or IP address and a port. */
    public record Host(String name, int port) {
        public Host {
            Objects.requireNonNull(name, "name");
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 1 to 65535)");
            }
        }
    }

    @Override
    public String toString() {
        // A record's toString would print the password, and the socket factory's identity says nothing.
        return "RedisSettings[hosts=" + hosts + ", sentinelMaster=" + sentinelMaster + ", tls=" + tls
                + (tlsSockets.isPresent() ? " (own CA)" : "") + ", database="
                + database + ", user=" + user + ", password=" + password.map(p -> "***") + ", timeout=" + timeout + "]";
    }
}
