package com.securevox.call.httpapi;

import java.time.Duration;
import java.util.Optional;

/**
 * The admin session's cookie. {@code HttpOnly}: no script (an injected one included) can read it; {@code
 * SameSite=Strict}: no other site's page can make the browser send it; {@code Path=/admin}: the rest of the server
 * never sees it; {@code Secure} whenever the browser reached the server over TLS (directly, or through a proxy that
 * says so: a client that lies about it only loses its own cookie).
 */
final class AdminCookie {
    static final String NAME = "securevox_admin";

    private AdminCookie() {}

    /** The session id the request's {@code Cookie} header carries, if any. */
    static Optional<String> read(ApiRequest request) {
        return request.header("cookie").flatMap(header -> {
            for (String pair : header.split(";")) {
                String trimmed = pair.strip();
                if (trimmed.startsWith(NAME + "=")) {
                    String value = trimmed.substring(NAME.length() + 1);
                    return value.isEmpty() ? Optional.empty() : Optional.of(value);
                }
            }
            return Optional.empty();
        });
    }

    /** The {@code Set-Cookie} value that signs the browser in for {@code lifetime}. */
    static String set(String sessionId, Duration lifetime, boolean secure) {
        return attributes(NAME + "=" + sessionId, lifetime.toSeconds(), secure);
    }

    /** The {@code Set-Cookie} value that makes the browser forget the session. */
    static String clear(boolean secure) {
        return attributes(NAME + "=", 0, secure);
    }

    private static String attributes(String pair, long maxAge, boolean secure) {
        return pair + "; Path=/admin; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
