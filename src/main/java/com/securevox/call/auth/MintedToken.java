package com.securevox.call.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A freshly signed call token and its expiry ({@code exp}, whole seconds). {@link #toString()} hides the token: it
 * is a bearer credential.
 */
public record MintedToken(String token, Instant expiresAt) {

    public MintedToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "MintedToken[token=***, expiresAt=" + expiresAt + "]";
    }
}
