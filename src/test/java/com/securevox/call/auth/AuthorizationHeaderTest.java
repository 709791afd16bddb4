package com.securevox.call.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthorizationHeaderTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            Bearer abc.def-ghi       | abc.def-ghi
            bearer abc               | abc
            BEARER abc               | abc
            Bearer    abc            | abc
            '  Bearer abc  '         | abc
            Bearer                   | -
            'Bearer '                | -
            Bearer a b               | -
            Bearerabc                | -
            Token abc                | -
            Basic dXNlcjpwdw==       | -
            abc                      | -
            ''                       | -
            -                        | -
            """)
    void bearer(String header, String expected) {
        assertThat(AuthorizationHeader.bearer(header)).isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b | 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b
            token abc                                       | abc
            Bearer abc                                      | -
            """)
    void djangoToken(String header, String expected) {
        assertThat(AuthorizationHeader.token(header)).isEqualTo(Optional.ofNullable(expected));
    }
}
