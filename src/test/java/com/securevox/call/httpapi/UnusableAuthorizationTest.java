package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnusableAuthorizationTest {

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "'Bearer'            | Bearer with no credential after it (expected: Bearer <API key>",
                "'bearer   '         | bearer with no credential after it (expected: bearer <API key>",
                "'Token'             | Token with no credential after it (expected: Token <user token>",
                "'Bearer a b'        | the Bearer credential contains whitespace",
                "'Basic dXNlcjpwdw==' | unknown scheme (expected: Bearer <API key> or Token <user token>)",
                "'key-without-scheme' | unknown scheme",
            })
    void saysWhyTheHeaderCannotBeUsed(String header, String expected) {
        assertThat(ApiCredentials.unusable(header))
                .startsWith("Authorization: ")
                .contains(expected);
    }
}
