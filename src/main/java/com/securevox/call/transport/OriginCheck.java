package com.securevox.call.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Which browser origins may use the server: the configured CORS list, and always the server's own
 * origin (the contract's "same origin only" in production). Requests without an {@code Origin}
 * (native apps, backends) are not checked. The own origin is judged by the {@code Host} the
 * browser addressed, not by scheme, because TLS usually ends at a proxy in front of us.
 */
final class OriginCheck {
    private final Predicate<String> configured;

    OriginCheck(Predicate<String> configured) {
        this.configured = configured;
    }

    boolean allows(String origin, String host) {
        return origin == null || configured.test(origin) || sameOrigin(origin, host);
    }

    static boolean sameOrigin(String origin, String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getHost() == null || uri.getScheme() == null) {
            return false;
        }
        String hostname = uri.getHost().toLowerCase(Locale.ROOT);
        String addressed = host.trim().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : defaultPort(uri.getScheme());
        return addressed.equals(hostname + ":" + port) || (uri.getPort() == -1 && addressed.equals(hostname));
    }

    private static int defaultPort(String scheme) {
        return scheme.equalsIgnoreCase("https") ? 443 : 80;
    }
}
