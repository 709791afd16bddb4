package com.securevox.call.auth;

import java.util.Locale;
import java.util.Optional;

/** Reads credentials out of an HTTP {@code Authorization} header value. */
public final class AuthorizationHeader {

    private AuthorizationHeader() {}

    /** The credential of {@code Bearer <credential>} (scheme in any case), if that is what the header holds. */
    public static Optional<String> bearer(String authorizationHeader) {
        return credential(authorizationHeader, "bearer");
    }

    /** The credential of {@code Token <credential>}, the scheme Django REST framework uses for its user tokens. */
    public static Optional<String> token(String authorizationHeader) {
        return credential(authorizationHeader, "token");
    }

    /**
     * The credential after {@code scheme} (matched ignoring case) and at least one space. Empty if the header is
     * absent, has another scheme, or the credential is empty or contains whitespace (RFC 7235 allows a single token).
     */
    public static Optional<String> credential(String authorizationHeader, String scheme) {
        if (authorizationHeader == null) {
            return Optional.empty();
        }
        String header = authorizationHeader.strip();
        int space = header.indexOf(' ');
        if (space <= 0
                || !header.substring(0, space).toLowerCase(Locale.ROOT).equals(scheme.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        String credential = header.substring(space + 1).strip();
        if (credential.isEmpty() || credential.chars().anyMatch(Character::isWhitespace)) {
            return Optional.empty();
        }
        return Optional.of(credential);
    }
}
