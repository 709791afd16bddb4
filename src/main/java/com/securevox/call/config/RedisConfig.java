package com.securevox.call.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Redis the nodes of a cluster share, as {@code SECUREVOX_CALL_REDIS_URL} names it.
 *
 * @param servers one Redis, or the Sentinels that name the current primary
 * @param tls whether connections (to Redis and to the Sentinels) use TLS, with the host name verified
 * @param database the logical database, 0 to 15
 * @param user the ACL user, when the URL names one
 * @param password the password for Redis (not for the Sentinels), when the URL carries one
 * @param ca the PEM file of the CA certificates trusted for TLS instead of the JDK's ({@code SECUREVOX_CALL_REDIS_CA});
 *     empty for the JDK's trust store
 */
public record RedisConfig(
        Servers servers,
        boolean tls,
        int database,
        Optional<String> user,
        Optional<Secret> password,
        Optional<Path> ca) {
    public static final int MAX_DATABASE = 15;

    public RedisConfig {
        Objects.requireNonNull(servers, "servers");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (database < 0 || database > MAX_DATABASE) {
            throw new IllegalArgumentException("database: " + database + " (expected: 0 to " + MAX_DATABASE + ")");
        }
        if (user.isPresent() && password.isEmpty()) {
            throw new IllegalArgumentException("user: set without a password (expected: user:password@, or neither)");
        }
        Objects.requireNonNull(ca, "ca");
        if (ca.isPresent() && !tls) {
            throw new IllegalArgumentException("ca: " + ca.get() + " without TLS (expected: TLS, or no CA)");
        }
    }

    /** Without a CA of its own: the JDK's trust store. */
    public RedisConfig(Servers servers, boolean tls, int database, Optional<String> user, Optional<Secret> password) {
        this(servers, tls, database, user, password, Optional.empty());
    }

    /** The same Redis, its certificates checked against the CA certificates in {@code pem} only. */
    public RedisConfig trusting(Path pem) {
        return new RedisConfig(servers, tls, database, user, password, Optional.of(pem));
    }

    /** Where Redis is. */
    public sealed interface Servers {}

    /** One Redis server. */
    public record Standalone(Host host) implements Servers {
        public Standalone {
            Objects.requireNonNull(host, "host");
        }
    }

    /** Sentinels that agree on the primary named {@code master}; failover follows them. */
    public record Sentinel(List<Host> sentinels, String master) implements Servers {
        public Sentinel {
            sentinels = List.copyOf(sentinels);
            if (sentinels.isEmpty()) {
                throw new IllegalArgumentException("sentinels: none (expected: at least one host:port)");
            }
            if (master == null || !RedisUrl.MASTER.matcher(master).matches()) {
                throw new IllegalArgumentException("master: " + (master == null ? "null" : Settings.shown(master))
                        + " (expected: " + RedisUrl.MASTER_RULE + ")");
            }
        }
    }

    /** A host name or IP address (IPv6 without brackets) and a port. */
    public record Host(String name, int port) {
        public Host {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("host: blank (expected: a host name or IP address)");
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 1 to 65535)");
            }
        }

        @Override
        public String toString() {
            return (name.contains(":") ? "[" + name + "]" : name) + ":" + port;
        }
    }

    /** For the start-up summary: never the password. */
    public String describe() {
        String where =
                switch (servers) {
                    case Standalone s -> s.host().toString();
                    case Sentinel s ->
                        "sentinel " + s.sentinels().stream().map(Host::toString).collect(Collectors.joining(","))
                                + " master " + s.master();
                };
        return where
                + (tls ? " (tls" + ca.map(c -> ", CA " + c).orElse("") + ")" : "")
                + (database == 0 ? "" : " db " + database)
                + user.map(u -> " user " + u).orElse("")
                + (password.isPresent() ? " password ***" : "");
    }
}
