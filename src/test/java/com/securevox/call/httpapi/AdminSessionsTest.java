package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.admin.AdminSessionStore;
import com.securevox.call.admin.StoredSession;
import com.securevox.call.store.HistoryStore;
import com.securevox.call.store.HistoryStores;
import com.securevox.call.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The admin session rules over the real store (SQLite in a temporary directory): only a digest stored, expiry by the
 * clock, sign-out on every node (here, within {@link AdminSessions#RECHECK} on another), purge of expired rows.
 */
class AdminSessionsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private HistoryStore history;
    private AdminSessionStore store;
    private AdminSessions sessions;

    @BeforeEach
    void open() {
        history = HistoryStores.sqlite(dir.resolve("history.db"));
        store = history.adminSessions();
        sessions = new AdminSessions(store, clock, Duration.ofHours(8));
    }

    @AfterEach
    void close() {
        history.close();
    }

    private String start() {
        return sessions.start(AdminSignIn.Credential.API_KEY, "203.0.113.7");
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0} s after sign-in: valid={1}")
    @CsvSource({"0, true", "1, true", "28799, true", "28800, false", "28801, false", "100000, false"})
    void aSessionLastsItsLifetimeAndNoLonger(long secondsLater, boolean valid) {
        String token = start();
        clock.advance(Duration.ofSeconds(secondsLater));
        assertThat(sessions.valid(Optional.of(token))).isEqualTo(valid);
    }

    @Test
    void onlyTheTokensDigestIsStoredWithHowAndWhereAndWhen() throws Exception {
        String token = sessions.start(AdminSignIn.Credential.PASSWORD, "2001:db8::5");
        assertThat(store.find(token)).isEmpty();
        StoredSession row = store.find(sha256(token)).orElseThrow();
        assertThat(row.tokenHash()).isEqualTo(sha256(token)).doesNotContain(token);
        assertThat(row.method()).isEqualTo("password");
        assertThat(row.address()).isEqualTo("2001:db8::5");
        assertThat(row.createdAt()).isEqualTo(T0);
        assertThat(row.lastSeenAt()).isEqualTo(T0);
        assertThat(row.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(8)));
        assertThat(AdminSessions.hash(token)).isEqualTo(sha256(token));
    }

    @Test
    void aUseAfterTheRecheckIntervalRecordsWhenItWasSeen() throws Exception {
        String token = start();
        clock.advance(AdminSessions.RECHECK.plusSeconds(1));
        assertThat(sessions.valid(Optional.of(token))).isTrue();
        assertThat(store.find(sha256(token)).orElseThrow().lastSeenAt()).isEqualTo(clock.instant());
    }

    @Test
    void anExpiredSessionIsDeletedAndStaysInvalid() throws Exception {
        String token = start();
        clock.advance(Duration.ofHours(9));
        assertThat(sessions.valid(Optional.of(token))).isFalse();
        assertThat(store.find(sha256(token))).isEmpty();
        assertThat(sessions.valid(Optional.of(token))).isFalse();
    }

    @Test
    void aSessionSurvivesARestart() {
        String token = start();
        history.close();
        history = HistoryStores.sqlite(dir.resolve("history.db"));
        AdminSessions restarted = new AdminSessions(history.adminSessions(), clock, Duration.ofHours(8));
        assertThat(restarted.valid(Optional.of(token))).isTrue();
    }

    @Test
    void signingOutEndsOnlyThatSession() {
        String first = start();
        String second = start();
        sessions.end(Optional.of(first));
        assertThat(sessions.valid(Optional.of(first))).isFalse();
        assertThat(sessions.valid(Optional.of(second))).isTrue();
        sessions.end(Optional.of("unknown"));
        sessions.end(Optional.empty());
        assertThat(sessions.valid(Optional.of(second))).isTrue();
    }

    @Test
    void aSignInOnOneNodeWorksOnAnotherAtOnceAndASignOutWithinTheRecheckInterval() {
        AdminSessions other = new AdminSessions(store, clock, Duration.ofHours(8));
        String token = start();
        assertThat(other.valid(Optional.of(token))).isTrue();
        sessions.end(Optional.of(token));
        assertThat(sessions.valid(Optional.of(token))).isFalse();
        // The other node trusts what it read for at most RECHECK, then reads the store again.
        clock.advance(AdminSessions.RECHECK);
        assertThat(other.valid(Optional.of(token))).isFalse();
    }

    @Test
    void expiredRowsArePurgedOnASignInOnceThePurgeIsDue() throws Exception {
        assertThat(AdminSessions.PURGE_INTERVAL).isEqualTo(Duration.ofMinutes(10));
        start(); // purges (nothing to purge); the next purge is due PURGE_INTERVAL later
        clock.advance(Duration.ofMinutes(9));
        String old = start(); // expires at T0 + 8 h 9 min
        clock.advance(Duration.ofHours(8).minusMinutes(9));
        start(); // purge due: old has not expired yet; the next is due at T0 + 8 h 10 min
        clock.advance(Duration.ofMinutes(9));
        start(); // old expired, but no purge due
        assertThat(store.find(sha256(old))).isPresent();
        clock.advance(Duration.ofMinutes(1));
        String fresh = start();
        assertThat(store.find(sha256(old))).isEmpty();
        assertThat(sessions.valid(Optional.of(fresh))).isTrue();
    }

    @ParameterizedTest(name = "token {0} is not a session")
    @CsvSource({"''", "x", "securevox_admin", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void unknownTokensAreNotSessions(String token) {
        start();
        assertThat(sessions.valid(Optional.of(token))).isFalse();
        assertThat(sessions.valid(Optional.empty())).isFalse();
    }

    @Test
    void aStoredDigestUsedAsTheCookieIsNotASession() throws Exception {
        String token = start();
        assertThat(sessions.valid(Optional.of(sha256(token)))).isFalse();
    }

    @Test
    void tokensAreRandom256BitUrlSafeStrings() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            tokens.add(start());
        }
        assertThat(tokens).hasSize(50).allSatisfy(t -> assertThat(t).matches("[A-Za-z0-9_-]{43}"));
    }

    @Test
    void theMemoryOfSessionsIsBounded() {
        for (int i = 0; i <= AdminSessions.MAX_REMEMBERED; i++) {
            start();
        }
        assertThat(sessions.remembered()).isLessThanOrEqualTo(AdminSessions.MAX_REMEMBERED);
    }

    @ParameterizedTest(name = "lifetime {0} refused")
    @CsvSource({"PT0S", "PT-1S"})
    void aLifetimeMustBePositive(Duration lifetime) {
        assertThatThrownBy(() -> new AdminSessions(store, clock, lifetime))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lifetime: " + lifetime + " (expected: > 0)");
    }
}
