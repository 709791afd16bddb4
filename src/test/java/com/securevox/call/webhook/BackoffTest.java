package com.securevox.call.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

    @ParameterizedTest
    @CsvSource({
        // failures, random, expected millis: doubling from 1 s, capped at 60 s, a random half taken off
        "1, 0.0, 500",
        "1, 1.0, 1000",
        "2, 0.0, 1000",
        "2, 0.5, 1500",
        "3, 1.0, 4000",
        "7, 1.0, 60000",
        "7, 0.0, 30000",
        "40, 1.0, 60000",
    })
    void doublesUpToTheCapWithJitter(int failures, double random, long expectedMillis) {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> random);

        assertThat(backoff.after(failures)).isEqualTo(Duration.ofMillis(expectedMillis));
    }
}
