package com.securevox.call.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The id rule: 1 to 128 characters of {@code [A-Za-z0-9_.:@-]}. */
class IdsTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                "alice                     | true",
                "A-z_0.9:x@y               | true",
                "-                         | true",
                "''                        | false",
                "NULL                      | false",
                "'a b'                     | false",
                "a/b                       | false",
                "a+b                       | false",
                "café                      | false",
                "'a\tb'                    | false",
                "a[b                       | false",
                "a`b                       | false",
            })
    void followsTheRule(String id, boolean valid) {
        assertThat(Ids.isValid(id)).isEqualTo(valid);
    }

    @Test
    void atMost128Characters() {
        assertThat(Ids.isValid("x".repeat(128))).isTrue();
        assertThat(Ids.isValid("x".repeat(129))).isFalse();
    }

    @Test
    void everyCharacterIsJudgedAsTheRuleSays() {
        Pattern rule = Pattern.compile("[A-Za-z0-9_.:@-]{1,128}");
        for (char c = 0; c < 0x3000; c++) {
            String id = "a" + c + "z";
            assertThat(Ids.isValid(id))
                    .as("U+%04X", (int) c)
                    .isEqualTo(rule.matcher(id).matches());
        }
    }
}
