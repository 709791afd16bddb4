package com.securevox.call.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** Reads a setting that must be an http or https URL; a value with credentials in it is never echoed. */
final class HttpUrls {
    private HttpUrls() {}

    /**
     * @param example shown in the problem, e.g. {@code http://localhost:8001}
     * @param queryAllowed whether a query string is allowed (a base URL that paths are appended to takes none)
     */
    static Optional<URI> read(Settings s, String key, String raw, String example, boolean queryAllowed) {
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri != null && uri.getRawUserInfo() != null) {
            // Never echo the value: it holds a password.
            s.problem(key + ": contains user:password@ (expected: an http or https URL without credentials)");
            return Optional.empty();
        }
        String scheme =
                uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri == null
                || !(scheme.equals("http") || scheme.equals("https"))
                || uri.getHost() == null
                || (!queryAllowed && uri.getRawQuery() != null)
                || uri.getRawFragment() != null) {
            s.problem(key + ": " + (raw.contains("@") ? "(value hidden)" : Settings.shown(raw))
                    + " (expected: an http or https URL such as " + example + ")");
            return Optional.empty();
        }
        return Optional.of(uri);
    }
}
