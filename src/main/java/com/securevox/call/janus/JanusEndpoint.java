package com.securevox.call.janus;

import java.net.URI;
import java.util.Objects;

/**
 * How to talk to a Janus: its WebSocket API (subprotocol {@code janus-protocol}), the {@code apisecret} every request
 * carries, and the VideoRoom {@code admin_key} that room creation needs. A managed Janus's endpoint stays the same
 * across its restarts; an external one's comes from the configuration (it has no admin key we know of, so rooms are
 * created without one).
 */
public record JanusEndpoint(URI url, String apiSecret, String adminKey) {
    public JanusEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(apiSecret, "apiSecret");
        Objects.requireNonNull(adminKey, "adminKey");
        if (!"ws".equals(url.getScheme()) && !"wss".equals(url.getScheme())) {
            throw new IllegalArgumentException("janus url: '" + url + "' (expected: ws:// or wss://)");
        }
    }

    @Override
    public String toString() {
        return "JanusEndpoint[url=" + url + ", apiSecret=***, adminKey=" + (adminKey.isEmpty() ? "none" : "***") + "]";
    }
}
