package com.securevox.call.janus;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach and use Janus.
 *
 * @param url the WebSocket transport, {@code ws://127.0.0.1:8188} (loopback: the API is not for browsers)
 * @param apiSecret {@code general.api_secret} of janus.jcfg, sent as {@code apisecret} on every request
 * @param adminKey {@code general.admin_key} of janus.plugin.videoroom.jcfg, which {@code create} must carry
 * @param requestTimeout how long a request may wait for its answer before it fails with {@code TIMEOUT}
 * @param keepalive how often an idle Janus session is kept alive; well under Janus's {@code session_timeout} (60 s)
 */
public record JanusSettings(
        URI url, Optional<String> apiSecret, Optional<String> adminKey, Duration requestTimeout, Duration keepalive) {
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(15);

    public JanusSettings {
        Objects.requireNonNull(url, "url: null (expected: ws://host:port or wss://host:port)");
        Objects.requireNonNull(apiSecret, "apiSecret: null (expected: Optional.empty() for none)");
        Objects.requireNonNull(adminKey, "adminKey: null (expected: Optional.empty() for none)");
        Objects.requireNonNull(requestTimeout, "requestTimeout: null (expected: > 0)");
        Objects.requireNonNull(keepalive, "keepalive: null (expected: > 0)");
        String scheme = url.getScheme();
        if ((!"ws".equals(scheme) && !"wss".equals(scheme)) || url.getHost() == null) {
            throw new IllegalArgumentException("url: " + url + " (expected: ws://host:port or wss://host:port)");
        }
        checkSecret("apiSecret", apiSecret);
        checkSecret("adminKey", adminKey);
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout: " + requestTimeout + " (expected: > 0)");
        }
        if (keepalive.isNegative() || keepalive.isZero()) {
            throw new IllegalArgumentException("keepalive: " + keepalive + " (expected: > 0)");
        }
    }

    /** Settings with the default timeout (10 s) and keepalive (15 s). */
    public static JanusSettings of(URI url, Optional<String> apiSecret, Optional<String> adminKey) {
        return new JanusSettings(url, apiSecret, adminKey, DEFAULT_REQUEST_TIMEOUT, DEFAULT_KEEPALIVE);
    }

    private static void checkSecret(String name, Optional<String> secret) {
        if (secret.isPresent() && secret.get().isBlank()) {
            throw new IllegalArgumentException(name + ": blank (expected: a secret, or none)");
        }
    }

    @Override
    public String toString() {
        return "JanusSettings[url=" + url + ", apiSecret="
                + apiSecret.map(s -> "***").orElse("none") + ", adminKey="
                + adminKey.map(s -> "***").orElse("none") + ", requestTimeout=" + requestTimeout + ", keepalive="
                + keepalive + "]";
    }
}
