package com.securevox.call.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiKeyVerifierTest {

    private final ApiKeyVerifier verifier = new ApiKeyVerifier("api-key-0123456789abcdef");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            equal                  | api-key-0123456789abcdef    | true
            different, same length | api-key-0123456789abcdeg    | false
            prefix                 | api-key-0123456789abcde     | false
            longer                 | api-key-0123456789abcdefX   | false
            different case         | API-KEY-0123456789ABCDEF    | false
            empty                  | ''                          | false
            null                   | -                           | false
            """)
    void matches(String description, String presented, boolean expected) {
        assertThat(verifier.matches(presented)).isEqualTo(expected);
    }

    @Test
    void comparesUnicodeKeysByTheirBytes() {
        assertThat(new ApiKeyVerifier("k€y").matches("k€y")).isTrue();
        assertThat(new ApiKeyVerifier("k€y").matches("key")).isFalse();
    }

    @Test
    void refusesEmptyKeyAndHidesTheKey() {
        assertThatThrownBy(() -> new ApiKeyVerifier(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("API key: empty (expected: at least one character)");
        assertThat(verifier.toString()).doesNotContain("api-key");
    }
}
