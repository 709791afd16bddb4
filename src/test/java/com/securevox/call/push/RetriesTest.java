package com.securevox.call.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetriesTest {
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final Retries RETRIES = new Retries(Duration.ofMillis(250), Duration.ofSeconds(4));

    @ParameterizedTest(name = "try {0}, asked {1} ms, {2} ms left: pause {3}")
    @CsvSource(nullValues = "-", textBlock = """
            1,    -, 45000,  250
            2,    -, 45000,  500
            3,    -, 45000, 1000
            5,    -, 45000, 4000
            40,   -, 45000, 4000
            1, 1000, 45000, 1000
            3,  100, 45000, 1000
            1,    0, 45000,  250
            1,    -,   250,    -
            1,    -,   251,  250
            1, 5000,  4000,    -
            """)
    void pausesDoubleHonourRetryAfterAndNeverPassTheDeadline(int attempt, Long asked, long leftMs, Long pauseMs) {
        Optional<Duration> pause =
                RETRIES.next(attempt, Optional.ofNullable(asked).map(Duration::ofMillis), NOW, NOW.plusMillis(leftMs));
        assertThat(pause).isEqualTo(Optional.ofNullable(pauseMs).map(Duration::ofMillis));
    }
}
