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
        Predicate<InetAddress> trustedProxy) {
    public TransportSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(allowedOrigin, "allowedOrigin");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(trustedProxy, "trustedProxy");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
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
    /** One event loop: see ADR 0002 (a long-polling race across loops, and cheaper relays). */
    public static final int DEFAULT_IO_THREADS = 1;

    public static final int API_BODY_LIMIT = 64 * 1024;
}
