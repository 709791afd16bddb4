package com.securevox.call.transport;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Which browser origins may use the server: the configured ones (CORS list and the server's public origins), and the
 * server's own origin on {@code localhost} and IP addresses. Requests without an {@code Origin} (native apps,
 * backends) are not checked.
 *
 * <p>The own origin is judged by the {@code Host} the browser addressed, not by scheme, because TLS usually ends at a
 * proxy in front of us. That judgement is only sound when the host is not a DNS name: with DNS rebinding, a page from
 * {@code http://evil.example:8002} can make {@code evil.example} resolve to this server, and then its requests carry
 * {@code Origin: http://evil.example:8002} and {@code Host: evil.example:8002}, equal as for a genuine page. An IP
 * address in the {@code Origin} cannot be rebound (the page really was loaded from that address), and {@code
 * localhost} never goes to DNS, so those are trusted; a name is the server's own only when it is configured.
 */
final class OriginCheck {
    private final Predicate<String> configured;

    OriginCheck(Predicate<String> configured) {
        this.configured = configured;
    }

    boolean allows(String origin, String host) {
        return origin == null || configured.test(origin) || sameOrigin(origin, host);
    }

    /** Whether {@code origin} is the one {@code host} was addressed at, and is a host DNS rebinding cannot fake. */
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
        boolean same = addressed.equals(hostname + ":" + port) || (uri.getPort() == -1 && addressed.equals(hostname));
        return same && notRebindable(hostname);
    }

    /** {@code localhost} or an IP literal ({@code [::1]} as a URI writes IPv6); judged from the text, never by DNS. */
    private static boolean notRebindable(String hostname) {
        if (hostname.equals("localhost")) {
            return true;
        }
        boolean bracketed = hostname.startsWith("[") && hostname.endsWith("]");
        String literal = bracketed ? hostname.substring(1, hostname.length() - 1) : hostname;
        try {
            InetAddress.ofLiteral(literal);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int defaultPort(String scheme) {
        return scheme.equalsIgnoreCase("https") ? 443 : 80;
    }
}
