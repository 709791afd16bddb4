package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeBusSettingsTest {
    private static final Duration MS = Duration.ofMillis(1);

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(0, 1, MS, MS, MS, MS, Duration.ZERO, "maxLength: 0 (expected: > 0)"),
                Arguments.of(1, 0, MS, MS, MS, MS, Duration.ZERO, "queueLimit: 0 (expected: > 0)"),
                Arguments.of(
                        1, 1, Duration.ZERO, MS, MS, MS, Duration.ZERO, "retention: PT0S (expected: at least 1ms)"),
                Arguments.of(1, 1, MS, Duration.ZERO, MS, MS, Duration.ZERO, "block: PT0S (expected: 1ms to 24 days)"),
                Arguments.of(
                        1,
                        1,
                        MS,
                        Duration.ofDays(25),
                        MS,
                        MS,
                        Duration.ZERO,
                        "block: PT600H (expected: 1ms to 24 days)"),
                Arguments.of(
                        1, 1, MS, MS, Duration.ZERO, MS, Duration.ZERO, "minBackoff: PT0S (expected: at least 1ms)"),
                Arguments.of(
                        1,
                        1,
                        MS,
                        MS,
                        Duration.ofMillis(2),
                        MS,
                        Duration.ZERO,
                        "maxBackoff: PT0.001S (expected: at least minBackoff PT0.002S)"),
                Arguments.of(1, 1, MS, MS, MS, MS, Duration.ofMillis(-1), "closeGrace: PT-0.001S (expected: >= 0)"));
    }

    @ParameterizedTest(name = "{7}")
    @MethodSource("invalid")
    void refusesSettingsThatCannotWork(
            int maxLength,
            int queueLimit,
            Duration retention,
            Duration block,
            Duration minBackoff,
            Duration maxBackoff,
            Duration closeGrace,
            String error) {
        assertThatThrownBy(() -> new NodeBusSettings(
                        maxLength, queueLimit, retention, block, minBackoff, maxBackoff, closeGrace))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(error);
    }
}
