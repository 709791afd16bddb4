package com.securevox.call.admin;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the admin sessions live, by the digest of their token. Calls may block (a database): callers run them off the
 * event loops. A failing database throws the store's unchecked exception.
 */
public interface AdminSessionStore {
    /** Stores a new session. */
    void save(StoredSession session);

    /** The session stored under {@code tokenHash}, expired or not. */
    Optional<StoredSession> find(String tokenHash);

    /** Records that the session was used at {@code when}; a session that is gone is left gone. */
    void touch(String tokenHash, Instant when);

    /** Deletes the session (sign-out); whether there was one. */
    boolean delete(String tokenHash);

    /** Deletes every session expired at {@code now}; how many. */
    int purgeExpired(Instant now);
}
