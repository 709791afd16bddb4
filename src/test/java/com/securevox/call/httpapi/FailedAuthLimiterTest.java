package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailedAuthLimiterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FailedAuthLimiter limiter = new FailedAuthLimiter(3, 6, clock);

    @Test
    void anAddressMayFailItsBurstThenItsFailuresAreOverTheLimitUntilTimeGivesOneBack() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.blocked("10.0.0.1")).as("before failure %d", i).isFalse();
            assertThat(limiter.failed("10.0.0.1"))
                    .as("failure %d within the burst", i)
                    .isTrue();
        }
        assertThat(limiter.blocked("10.0.0.1")).isTrue();
        assertThat(limiter.failed("10.0.0.1")).as("a failure past the burst").isFalse();
        assertThat(limiter.blocked("10.0.0.2")).as("other addresses").isFalse();
        assertThat(limiter.failed("10.0.0.2")).isTrue();

        clock.advance(Duration.ofSeconds(10)); // 6 a minute: one back after 10 s
        assertThat(limiter.blocked("10.0.0.1")).isFalse();
        assertThat(limiter.failed("10.0.0.1")).isTrue();
        assertThat(limiter.blocked("10.0.0.1")).isTrue();
        assertThat(limiter.failed("10.0.0.1")).isFalse();
    }

    @Test
    void forgetsEverythingRatherThanGrowingWithoutBound() {
        for (int i = 0; i < 3; i++) {
            limiter.failed("victim");
        }
        for (int i = 0; i < FailedAuthLimiter.MAX_ADDRESSES; i++) {
            limiter.failed("flood-" + i);
        }
        assertThat(limiter.blocked("victim")).isFalse();
    }
}
