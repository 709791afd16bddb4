package com.securevox.call.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.admin.AdminSessionStore;
import com.securevox.call.admin.StoredSession;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin sessions' table, run against every database like {@link HistoryStoreContract}. */
abstract class AdminSessionStoreContract {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    HistoryStore store;
    AdminSessionStore sessions;

    /** A store on a fresh, empty database. */
    abstract HistoryStore open();

    /** Closes the store and removes its database. */
    abstract void dispose();

    @BeforeEach
    void openStore() {
        store = open();
        sessions = store.adminSessions();
    }

    @AfterEach
    void disposeStore() {
        dispose();
    }

    static StoredSession session(char digit, Instant created, Duration lifetime) {
        return new StoredSession(
                String.valueOf(digit).repeat(64), "api_key", "203.0.113.7", created, created.plus(lifetime), created);
    }

    @Test
    void aSavedSessionIsFoundWithEveryField() {
        StoredSession saved = new StoredSession(
                "a".repeat(64), "password", "2001:db8::1", T0, T0.plus(Duration.ofHours(8)), T0.plusSeconds(1));
        sessions.save(saved);
        assertThat(sessions.find("a".repeat(64))).contains(saved);
        assertThat(sessions.find("b".repeat(64))).isEmpty();
    }

    @Test
    void touchMovesOnlyTheLastSeenTime() {
        StoredSession saved = session('c', T0, Duration.ofHours(8));
        sessions.save(saved);
        sessions.touch(saved.tokenHash(), T0.plusSeconds(90));
        StoredSession read = sessions.find(saved.tokenHash()).orElseThrow();
        assertThat(read.lastSeenAt()).isEqualTo(T0.plusSeconds(90));
        assertThat(read.expiresAt()).isEqualTo(saved.expiresAt());
        assertThat(read.createdAt()).isEqualTo(T0);
        sessions.touch("d".repeat(64), T0);
        assertThat(sessions.find("d".repeat(64))).isEmpty();
    }

    @Test
    void deleteSaysWhetherThereWasOne() {
        StoredSession saved = session('e', T0, Duration.ofHours(8));
        sessions.save(saved);
        assertThat(sessions.delete(saved.tokenHash())).isTrue();
        assertThat(sessions.find(saved.tokenHash())).isEmpty();
        assertThat(sessions.delete(saved.tokenHash())).isFalse();
    }

    @Test
    void purgeDeletesTheExpiredOnlyUpToTheBoundary() {
        sessions.save(session('1', T0, Duration.ofHours(1)));
        sessions.save(session('2', T0, Duration.ofHours(2)));
        sessions.save(session('3', T0, Duration.ofHours(3)));
        assertThat(sessions.purgeExpired(T0.plus(Duration.ofHours(2)))).isEqualTo(2);
        assertThat(sessions.find("1".repeat(64))).isEmpty();
        assertThat(sessions.find("2".repeat(64))).isEmpty();
        assertThat(sessions.find("3".repeat(64))).isPresent();
        assertThat(sessions.purgeExpired(T0.plus(Duration.ofHours(2)))).isZero();
    }

    @Test
    void aSecondStoreOnTheSameDatabaseSeesTheSessions() {
        StoredSession saved = session('f', T0, Duration.ofHours(8));
        sessions.save(saved);
        assertThat(store.adminSessions().find(saved.tokenHash())).contains(saved);
    }
}
