package com.securevox.call.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which browser origins may make HTTP and Socket.IO requests. Origins are kept normalised
 * ({@code scheme://host[:port]}, lower case, default port left out) so that matching is plain string equality.
 *
 * <p>This policy only judges an {@code Origin} header that is present. A request without one (a native app) is not
 * a cross-origin browser request and {@link #allows(String)} accepts it; a request whose origin is the server's own
 * is the HTTP layer's business, because only it knows the {@code Host} it was reached at.
 */
public record CorsPolicy(boolean anyOrigin, Set<String> origins) {

    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");

    public CorsPolicy {
        Objects.requireNonNull(origins, "origins");
        origins = Set.copyOf(new LinkedHashSet<>(origins));
        if (anyOrigin && !origins.isEmpty()) {
            throw new IllegalArgumentException(
                    "CORS origins: " + origins + " (expected: none when any origin is allowed)");
        }
        for (String origin : origins) {
            if (!normalise(origin).map(origin::equals).orElse(false)) {
                throw new IllegalArgumentException("CORS origin: '" + origin
                        + "' (expected: a normalised origin such as https://app.example.com)");
            }
        }
    }

    /** Every origin allowed ({@code *}). */
    public static CorsPolicy any() {
        return new CorsPolicy(true, Set.of());
    }

    /** No cross-origin browser requests allowed: the production default. */
    public static CorsPolicy none() {
        return new CorsPolicy(false, Set.of());
    }

    /**
     * Exactly these origins, normalised first.
     *
     * @throws IllegalArgumentException naming the first origin that is not {@code scheme://host[:port]}
     */
    public static CorsPolicy of(Collection<String> origins) {
        Set<String> normalised = new LinkedHashSet<>();
        for (String origin : origins) {
            normalised.add(normalise(origin)
                    .orElseThrow(() -> new IllegalArgumentException("CORS origin: '" + origin
                            + "' (expected: scheme://host[:port], such as https://app.example.com)")));
        }
        return new CorsPolicy(false, normalised);
    }

    /**
     * Whether a request carrying this {@code Origin} header value may proceed. {@code null} (no header) is allowed,
     * see the class comment; the literal {@code null} origin of sandboxed pages is only allowed by {@link #any()}.
     */
    public boolean allows(String origin) {
        if (origin == null || anyOrigin) {
            return true;
        }
        return normalise(origin).map(origins::contains).orElse(false);
    }

    /**
     * The canonical form of an origin: lower-case scheme and host, no default port (80 for http, 443 for https), no
     * trailing slash. Empty if {@code origin} is not {@code scheme://host[:port]} (a single trailing {@code /} is
     * tolerated because people copy origins from the address bar).
     */
    public static Optional<String> normalise(String origin) {
        if (origin == null) {
            return Optional.empty();
        }
        String candidate = origin.strip();
        if (candidate.endsWith("/")) {
            candidate = candidate.substring(0, candidate.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(candidate);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (uri.getScheme() == null
                || uri.getHost() == null
                || uri.getRawUserInfo() != null
                || !uri.getRawPath().isEmpty()
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            return Optional.empty();
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEME.matcher(scheme).matches()) {
            return Optional.empty();
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort =
                port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return Optional.of(scheme + "://" + host + (defaultPort ? "" : ":" + port));
    }
}
