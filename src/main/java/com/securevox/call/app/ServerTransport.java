package com.securevox.call.app;

import com.securevox.call.config.ConfigException;
import com.securevox.call.config.Secret;
import com.securevox.call.config.ServerConfig;
import com.securevox.call.transport.SocketIoTransport;
import com.securevox.call.transport.TlsException;
import com.securevox.call.transport.TlsSource;
import com.securevox.call.transport.TransportSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The server's Socket.IO and HTTP edge, made from the config: its port, limits, timeouts, origins, proxies and TLS. */
final class ServerTransport {
    private ServerTransport() {}

    /** @throws ConfigException when the TLS certificate or key cannot be read, naming what is wrong with them */
    static SocketIoTransport open(ServerConfig config, MeterRegistry meters) throws ConfigException {
        Optional<TlsSource> tls = config.tls()
                .map(t -> new TlsSource(
                        t.certificate(), t.privateKey(), t.password().map(Secret::value), t.reloadInterval()));
        try {
            return new SocketIoTransport(
                    new TransportSettings(
                            config.host(),
                            config.port(),
                            TransportSettings.ONE_MB,
                            TransportSettings.API_BODY_LIMIT,
                            millis(config.pingInterval()),
                            millis(config.pingTimeout()),
                            config.ioThreads() > 0 ? config.ioThreads() : TransportSettings.defaultIoThreads(),
                            config::allowsOrigin,
                            tls,
                            config.trustedProxies()::trusts,
                            millis(config.authTimeout()),
                            millis(config.httpIdleTimeout())),
                    meters);
        } catch (TlsException e) {
            throw new ConfigException(List.of("TLS: " + e.getMessage()));
        }
    }

    /** The transport counts in int milliseconds (up to about 24 days); the config bounds the ping and idle settings. */
    private static int millis(Duration d) {
        return Math.toIntExact(d.toMillis());
    }
}
