package com.securevox.call.httpapi;

import com.securevox.call.admin.AdminSessionStore;
import com.securevox.call.admin.MemorySessionStore;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may sign in to the admin dashboard and how its cookie is sent.
 *
 * @param password the admin password; empty: only the API key signs in
 * @param tls whether this server terminates TLS itself
 * @param quality the participants' latest MOS, for the live calls' quality badges
 * @param apiKey the API key this node presents to the other nodes of a cluster when its dashboard asks them for their
 *     calls or their host controls (every node shares it); empty: it presents none, and they refuse
 * @param sessions where the signed-in sessions are kept: the history database, so that every node and the next start
 *     see them
 */
public record AdminAccess(
        Optional<String> password,
        boolean tls,
        LiveQuality quality,
        Optional<String> apiKey,
        AdminSessionStore sessions) {
    public AdminAccess {
        Objects.requireNonNull(password, "password: null (expected: the admin password or empty)");
        Objects.requireNonNull(quality, "quality: null (expected: the live quality source, or LiveQuality.NONE)");
        Objects.requireNonNull(apiKey, "apiKey: null (expected: the API key or empty)");
        Objects.requireNonNull(sessions, "sessions: null (expected: where the admin sessions are kept)");
    }

    /** Sessions in this process's memory only (a server without a history database). */
    public AdminAccess(Optional<String> password, boolean tls, LiveQuality quality, Optional<String> apiKey) {
        this(password, tls, quality, apiKey, new MemorySessionStore());
    }

    /** Without a key for the other nodes. */
    public AdminAccess(Optional<String> password, boolean tls, LiveQuality quality) {
        this(password, tls, quality, Optional.empty());
    }

    /** Without quality reports. */
    public AdminAccess(Optional<String> password, boolean tls) {
        this(password, tls, LiveQuality.NONE, Optional.empty());
    }
}
