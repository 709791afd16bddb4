package com.securevox.call.httpapi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a state-changing admin request comes from the dashboard's own pages: the CSRF defence behind the session
 * cookie's {@code SameSite=Strict}. A browser always sends {@code Origin} with a POST or DELETE, so the rule is strict:
 * the {@code Origin} must name the host the request was sent to; without an {@code Origin}, {@code Sec-Fetch-Site}
 * must say {@code same-origin}; anything else (a foreign site, {@code Origin: null} from a sandboxed frame, or neither
 * header) is refused. The scheme is not compared: behind a TLS-terminating proxy the server sees plain HTTP.
 */
final class SameOrigin {
    private SameOrigin() {}

    /** Empty when the request may change state; otherwise why not, for the 403's message. */
    static Optional<String> refusal(ApiRequest request) {
        Optional<String> origin = request.header("origin");
        Optional<String> host = request.header("host").map(h -> h.strip().toLowerCase(Locale.ROOT));
        if (origin.isPresent()) {
            Optional<String> authority = authorityOf(origin.get());
            if (authority.isPresent() && authority.equals(host)) {
                return Optional.empty();
            }
            return Optional.of("Origin: '" + origin.get() + "' (expected: this server's own, "
                    + host.map(h -> "http(s)://" + h).orElse("matching the Host header") + ")");
        }
        if (request.header("sec-fetch-site").filter("same-origin"::equals).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(
                "Origin: missing (expected: this server's own origin, or Sec-Fetch-Site: same-origin, as browsers send)");
    }

    private static Optional<String> authorityOf(String origin) {
        try {
            URI uri = new URI(origin.strip());
            String scheme = uri.getScheme();
            if (uri.getRawAuthority() == null
                    || scheme == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                return Optional.empty();
            }
            return Optional.of(uri.getRawAuthority().toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
