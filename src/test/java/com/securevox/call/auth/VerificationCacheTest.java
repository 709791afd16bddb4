package com.securevox.call.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.auth.UserVerification.Refused;
import com.securevox.call.auth.UserVerification.Verified;
import com.securevox.call.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VerificationCacheTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void forgetsTheOldestInsertPastTheBound() {
        VerificationCache cache = new VerificationCache(clock, 2);
        cache.put("Token a", new Verified("a"), MINUTE);
        cache.put("Token b", new Verified("b"), MINUTE);
        cache.put("Token a", new Verified("a"), MINUTE); // refreshed: now the youngest
        cache.put("Token c", new Verified("c"), MINUTE);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("Token b")).isEmpty();
        assertThat(cache.get("Token a")).contains(new Verified("a"));
        assertThat(cache.get("Token c")).contains(new Verified("c"));
    }

    @Test
    void expiresExactlyAtItsTtlAndSweepsOnRead() {
        VerificationCache cache = new VerificationCache(clock, 10);
        cache.put("Token a", new Refused("Django answered 401"), Duration.ofSeconds(10));
        clock.advance(Duration.ofMillis(9_999));
        assertThat(cache.get("Token a")).isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.get("Token a")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void aZeroTtlCachesNothing() {
        VerificationCache cache = new VerificationCache(clock, 10);
        cache.put("Token a", new Verified("a"), Duration.ZERO);
        assertThat(cache.size()).isZero();
    }

    @Test
    void keysAreDigestsNotTokens() {
        assertThat(VerificationCache.key("Token abc"))
                .hasSize(64)
                .isHexadecimal()
                .doesNotContain("abc")
                .isNotEqualTo(VerificationCache.key("Token abd"));
    }
}
