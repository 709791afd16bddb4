package com.securevox.call.httpapi;

import java.util.Objects;
import java.util.Optional;

/**
 * Who may sign in to the admin dashboard and how its cookie is sent.
 *
 * @param password the admin password; empty: only the API key signs in
 * @param tls whether this server terminates TLS itself
 */
public record AdminAccess(Optional<String> password, boolean tls) {
    public AdminAccess {
        Objects.requireNonNull(password, "password: null (expected: the admin password or empty)");
    }
}
