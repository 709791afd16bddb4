package com.securevox.call.transport;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the transport needs to know, mapped from the server config by the composition root.
 *
 * @param allowedOrigin whether a browser {@code Origin} may use HTTP and Socket.IO; requests
 *     without an Origin (native apps) are never checked
 * @param tls HTTPS and WSS on this port, when configured
 * @param trustedProxy whether a TCP peer is a proxy whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are
 *     believed
 * @param connectTimeoutMillis how long an Engine.IO session may go without a Socket.IO CONNECT before it is closed
 * @param idleTimeoutMillis how long an HTTP connection with no request in progress stays open
 */
public record TransportSettings(
        String host,
        int port,
        int maxPayloadBytes,
        int maxApiBodyBytes,
        int pingIntervalMillis,
        int pingTimeoutMillis,
        int ioThreads,
        Predicate<String> allowedOrigin,
        Optional<TlsSource> tls,
        Predicate<InetAddress> trustedProxy,
        int connectTimeoutMillis,
        int idleTimeoutMillis) {
    public TransportSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(allowedOrigin, "allowedOrigin");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(trustedProxy, "trustedProxy");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
        }
        if (pingIntervalMillis <= 0) {
            throw new IllegalArgumentException("pingIntervalMillis: " + pingIntervalMillis + " (expected: > 0)");
        }
        if (pingTimeoutMillis <= 0) {
            throw new IllegalArgumentException("pingTimeoutMillis: " + pingTimeoutMillis + " (expected: > 0)");
        }
        if (connectTimeoutMillis <= 0) {
            throw new IllegalArgumentException("connectTimeoutMillis: " + connectTimeoutMillis + " (expected: > 0)");
        }
        if (idleTimeoutMillis <= 0) {
            throw new IllegalArgumentException("idleTimeoutMillis: " + idleTimeoutMillis + " (expected: > 0)");
        }
        if (ioThreads <= 0) {
            throw new IllegalArgumentException("ioThreads: " + ioThreads + " (expected: > 0)");
        }
        if (maxApiBodyBytes <= 0 || maxApiBodyBytes > maxPayloadBytes) {
            throw new IllegalArgumentException(
                    "maxApiBodyBytes: " + maxApiBodyBytes + " (expected: > 0 and <= maxPayloadBytes)");
        }
    }

    public static final int ONE_MB = 1_000_000;
    /**
     * One event loop per core: sessions are confined to one loop each (ADR 0003), so several loops are safe with every
     * transport.
     */
    public static int defaultIoThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    public static final int API_BODY_LIMIT = 64 * 1024;
    /** Engine.IO's defaults, which every official client expects unless told otherwise. */
    public static final int DEFAULT_PING_INTERVAL_MILLIS = 25_000;

    public static final int DEFAULT_PING_TIMEOUT_MILLIS = 20_000;
    /** Longer than a long-poll waits (the ping interval), so a polling client's next request finds its connection. */
    public static final int DEFAULT_IDLE_TIMEOUT_MILLIS = 60_000;
}
