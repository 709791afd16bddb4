package com.securevox.call.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "0s, PT0S",
        "500ms, PT0.5S",
        "10s, PT10S",
        "2m, PT2M",
        "1h, PT1H",
        "1d, PT24H",
        "' 10s ', PT10S",
        "-5s, PT-5S",
        "PT10S, PT10S",
        "pt10s, PT10S",
        "P1DT1S, PT24H0M1S",
        "PT-1S, PT-1S"
    })
    void parses(String text, Duration expected) {
        assertThat(Durations.parse(text)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", " ", "10", "10sec", "10S", "1.5s", "s", "ms", "P", "PT", "1h30m", "--5s", "ten seconds"})
    void rejectsGarbage(String text) {
        assertThat(Durations.parse(text)).isEqualTo(Optional.empty());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "PT0S, 0s",
        "PT0.5S, 500ms",
        "PT10S, 10s",
        "PT90S, 90s",
        "PT2M, 2m",
        "PT1H, 1h",
        "PT48H, 2d",
        "PT0.000001S, PT0.000001S"
    })
    void formats(Duration duration, String expected) {
        assertThat(Durations.format(duration)).isEqualTo(expected);
    }
}
