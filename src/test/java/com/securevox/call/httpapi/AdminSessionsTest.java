package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The admin session store: random ids, expiry by the clock, sign-out, and a bounded table. */
class AdminSessionsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AdminSessions sessions = new AdminSessions(clock, Duration.ofHours(8));

    @ParameterizedTest(name = "{0} s after sign-in: valid={1}")
    @CsvSource({"0, true", "1, true", "28799, true", "28800, false", "28801, false", "100000, false"})
    void aSessionLastsItsLifetimeAndNoLonger(long secondsLater, boolean valid) {
        String id = sessions.start();
        clock.advance(Duration.ofSeconds(secondsLater));
        assertThat(sessions.valid(Optional.of(id))).isEqualTo(valid);
    }

    @Test
    void anExpiredSessionIsForgottenAndStaysInvalid() {
        String id = sessions.start();
        clock.advance(Duration.ofHours(9));
        assertThat(sessions.valid(Optional.of(id))).isFalse();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void signingOutEndsOnlyThatSession() {
        String first = sessions.start();
        String second = sessions.start();
        sessions.end(Optional.of(first));
        assertThat(sessions.valid(Optional.of(first))).isFalse();
        assertThat(sessions.valid(Optional.of(second))).isTrue();
        sessions.end(Optional.of("unknown"));
        sessions.end(Optional.empty());
        assertThat(sessions.valid(Optional.of(second))).isTrue();
    }

    @ParameterizedTest(name = "id {0} is not a session")
    @CsvSource({"''", "x", "securevox_admin", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void unknownIdsAreNotSessions(String id) {
        sessions.start();
        assertThat(sessions.valid(Optional.of(id))).isFalse();
        assertThat(sessions.valid(Optional.empty())).isFalse();
    }

    @Test
    void idsAreRandom256BitUrlSafeStrings() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            ids.add(sessions.start());
        }
        assertThat(ids).hasSize(100).allSatisfy(id -> assertThat(id).matches("[A-Za-z0-9_-]{43}"));
    }

    @Test
    void pastTheLimitTheSessionExpiringFirstMakesRoom() {
        String oldest = sessions.start();
        clock.advance(Duration.ofSeconds(1));
        for (int i = 1; i < AdminSessions.MAX_SESSIONS; i++) {
            sessions.start();
        }
        String newest = sessions.start();
        assertThat(sessions.size()).isEqualTo(AdminSessions.MAX_SESSIONS);
        assertThat(sessions.valid(Optional.of(oldest))).isFalse();
        assertThat(sessions.valid(Optional.of(newest))).isTrue();
    }

    @ParameterizedTest(name = "lifetime {0} refused")
    @CsvSource({"PT0S", "PT-1S"})
    void aLifetimeMustBePositive(Duration lifetime) {
        assertThatThrownBy(() -> new AdminSessions(clock, lifetime))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lifetime: " + lifetime + " (expected: > 0)");
    }
}
