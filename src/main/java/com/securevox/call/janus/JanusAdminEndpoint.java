package com.securevox.call.janus;

import java.net.URI;
import java.util.Objects;

/**
 * How to reach a Janus's Admin API (WebSocket subprotocol {@code janus-admin-protocol}) and the {@code admin_secret}
 * every admin request carries. Read-only use: we ask it for sessions, handles and a handle's media statistics, the
 * server's own view of a publisher's quality.
 */
public record JanusAdminEndpoint(URI url, String secret) {
    public JanusAdminEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        if (!"ws".equals(url.getScheme()) && !"wss".equals(url.getScheme())) {
            throw new IllegalArgumentException("janus admin url: '" + url + "' (expected: ws:// or wss://)");
        }
        if (secret.isBlank()) {
            throw new IllegalArgumentException("janus admin secret: blank (expected: Janus's admin_secret)");
        }
    }

    @Override
    public String toString() {
        return "JanusAdminEndpoint[url=" + url + ", secret=***]";
    }
}
