package com.securevox.call.httpapi;

import java.util.Objects;
import java.util.Optional;

/**
 * Who may sign in to the admin dashboard and how its cookie is sent.
 *
 * @param password the admin password; empty: only the API key signs in
 * @param tls whether this server terminates TLS itself
 * @param quality the participants' latest MOS, for the live calls' quality badges
 */
public record AdminAccess(Optional<String> password, boolean tls, LiveQuality quality) {
    public AdminAccess {
        Objects.requireNonNull(password, "password: null (expected: the admin password or empty)");
        Objects.requireNonNull(quality, "quality: null (expected: the live quality source, or LiveQuality.NONE)");
    }

    /** Without quality reports. */
    public AdminAccess(Optional<String> password, boolean tls) {
        this(password, tls, LiveQuality.NONE);
    }
}
