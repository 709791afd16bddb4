package com.securevox.call.admin;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admin sessions of one process, in its memory: a restart signs everybody out and no other node sees them. For a
 * server embedded without a history database; a server started by {@code app} always keeps them in its database.
 */
public final class MemorySessionStore implements AdminSessionStore {
    private final Map<String, StoredSession> sessions = new ConcurrentHashMap<>();

    @Override
    public void save(StoredSession session) {
        sessions.put(session.tokenHash(), session);
    }

    @Override
    public Optional<StoredSession> find(String tokenHash) {
        return Optional.ofNullable(sessions.get(tokenHash));
    }

    @Override
    public void touch(String tokenHash, Instant when) {
        sessions.computeIfPresent(
                tokenHash,
                (hash, s) -> new StoredSession(hash, s.method(), s.address(), s.createdAt(), s.expiresAt(), when));
    }

    @Override
    public boolean delete(String tokenHash) {
        return sessions.remove(tokenHash) != null;
    }

    @Override
    public int purgeExpired(Instant now) {
        int purged = 0;
        for (StoredSession s : sessions.values()) {
            if (s.expiredAt(now) && sessions.remove(s.tokenHash(), s)) {
                purged++;
            }
        }
        return purged;
    }
}
