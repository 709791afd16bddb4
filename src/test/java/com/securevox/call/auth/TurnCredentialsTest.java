package com.securevox.call.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TurnCredentialsTest {
    private static final byte[] SECRET = "north-pole-secret".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z"); // 1767225600
    private static final Instant FAR = Instant.parse("2030-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final TurnCredentials credentials = new TurnCredentials(SECRET, Duration.ofHours(1), clock);

    /** Expected passwords from {@code printf %s "$username" | openssl dgst -sha1 -hmac north-pole-secret -binary | base64}. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            1767229200:alice            | a9rIfcV5JsaHBHGTRXgQJ/xccEs=
            1700000000:user123          | yKLGs6Ds1thLxL7a+UJWkDuFKRA=
            1767225600:u:with:colons@x  | hl/zLA2QvRR5fee/IeBZm8apAbw=
            """)
    void passwordIsBase64OfHmacSha1OfTheUsername(String username, String password) {
        assertThat(credentials.password(username)).isEqualTo(password);
    }

    @Test
    void usernameIsExpiryColonUserIdAndLivesTheLifetime() {
        TurnCredential credential = credentials.mint("alice", FAR);

        assertThat(credential.username()).isEqualTo("1767229200:alice");
        assertThat(credential.password()).isEqualTo("a9rIfcV5JsaHBHGTRXgQJ/xccEs=");
        assertThat(credential.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(credential.toString()).doesNotContain(credential.password()).contains("***");
    }

    @Test
    void neverOutlivesTheCallToken() {
        Instant tokenExpiry = NOW.plus(Duration.ofMinutes(20));

        TurnCredential credential = credentials.mint("alice", tokenExpiry);

        assertThat(credential.expiresAt()).isEqualTo(tokenExpiry);
        assertThat(credential.username()).isEqualTo(tokenExpiry.getEpochSecond() + ":alice");
    }

    @Test
    void expiryIsWholeSecondsRoundedDownSoItNeverPassesTheCap() {
        clock.advance(Duration.ofMillis(1_999));
        Instant tokenExpiry = NOW.plus(Duration.ofMinutes(20)).plusMillis(700);

        assertThat(credentials.mint("alice", FAR).expiresAt()).isEqualTo(Instant.parse("2026-01-01T01:00:01Z"));
        assertThat(credentials.mint("alice", tokenExpiry).expiresAt()).isEqualTo(Instant.parse("2026-01-01T00:20:00Z"));
    }

    @Test
    void countsWhatItMints() {
        assertThat(credentials.mintedCount()).isZero();
        credentials.mint("alice", FAR);
        credentials.mint("bob", FAR);
        credentials.password("1:x"); // checking a password mints nothing
        assertThat(credentials.mintedCount()).isEqualTo(2);
    }

    @Test
    void refusesBadInput() {
        assertThatThrownBy(() -> credentials.mint("has space", FAR)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TurnCredentials(new byte[0], Duration.ofHours(1), clock))
                .hasMessage("secret: empty (expected: at least one byte)");
        assertThatThrownBy(() -> new TurnCredentials(SECRET, Duration.ofMillis(999), clock))
                .hasMessage("lifetime: PT0.999S (expected: at least PT1S)");
    }
}
