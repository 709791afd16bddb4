package com.securevox.call.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.securevox.call.call.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * {@link CallTokens#verify} on arbitrary input returns valid claims or throws {@link TokenException}: never another
 * exception, never a message quoting the input.
 *
 * <p>Plain {@code mvn test} replays the seeds in {@code CallTokensFuzzTestInputs/verifyArbitraryInput/}; set
 * {@code JAZZER_FUZZ=1} to fuzz.
 */
class CallTokensFuzzTest {

    /** The secret the seed {@code valid-token} is signed with (PyJWT-style, exp 2100-01-01). */
    static final byte[] SECRET = "fuzz-test-secret-0123456789abcdefghij".getBytes(StandardCharsets.UTF_8);

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final CallTokens tokens = new CallTokens(SECRET, Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));

    @FuzzTest(maxDuration = "2m")
    void verifyArbitraryInput(byte[] data) {
        // Two decodings: UTF-8 yields multi-byte characters, Latin-1 yields every char from 0 to 255.
        check(new String(data, StandardCharsets.UTF_8));
        check(new String(data, StandardCharsets.ISO_8859_1));
    }

    private void check(String input) {
        try {
            CallClaims claims = tokens.verify(input);
            assertThat(Ids.isValid(claims.userId())).isTrue();
            assertThat(Ids.isValid(claims.sessionId())).isTrue();
            assertThat(claims.role()).isNotNull();
            assertThat(claims.expiresAt()).isAfter(NOW.minus(CallTokens.LEEWAY));
        } catch (TokenException e) {
            assertThat(e.kind()).isNotNull();
            assertThat(e.getMessage()).isNotBlank();
            assertThat(e.getCause()).isNull();
            if (input.length() >= 16) {
                assertThat(e.getMessage()).doesNotContain(input);
            }
        }
    }
}
