package com.securevox.call.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A TURN username and password for one participant, valid until {@code expiresAt}. {@link #toString()} hides the
 * password: it lets anyone holding it relay through the TURN server until it expires.
 */
public record TurnCredential(String username, String password, Instant expiresAt) {

    public TurnCredential {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "TurnCredential[username=" + username + ", password=***, expiresAt=" + expiresAt + "]";
    }
}
