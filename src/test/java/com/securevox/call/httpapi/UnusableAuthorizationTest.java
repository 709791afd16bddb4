package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnusableAuthorizationTest {
    private static final String API_KEY = "unusable-authorization-test-key";
    private final HttpApi api = TestHttpApi.with(API_KEY).build();

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

    /**
     * The routes that take only the API key say what {@code POST /api/call/token} says of an empty Bearer credential
     * (an unset {@code $API_KEY}), and name only the API key as what they expect.
     */
    @ParameterizedTest(name = "[{index}] {0} {1} ''{2}'' -> {3}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "GET  | /api/calls               | 'Bearer '           | Bearer with no credential after it (expected: Bearer <API key>; is the variable",
                "GET  | /api/call/stats          | 'Bearer'            | Bearer with no credential after it (expected: Bearer <API key>; is the variable",
                "GET  | /api/webhooks/deliveries | 'bearer   '         | bearer with no credential after it (expected: bearer <API key>; is the variable",
                "GET  | /api/recordings          | 'Bearer '           | Bearer with no credential after it (expected: Bearer <API key>; is the variable",
                "POST | /api/call/token          | 'Bearer '           | Bearer with no credential after it (expected: Bearer <API key>; is the variable",
                "GET  | /api/calls               | 'Bearer a b'        | the Bearer credential contains whitespace",
                "GET  | /api/calls               | 'Token abc'         | Token is not taken here (expected: Bearer <API key>)",
                "GET  | /api/calls               | 'Token '            | Token is not taken here (expected: Bearer <API key>)",
                "GET  | /api/calls               | 'Basic dXNlcjpwdw==' | unknown scheme (expected: Bearer <API key>)",
                "GET  | /api/calls               | -                   | missing (expected: Bearer <API key>)",
                "GET  | /api/calls               | 'Bearer wrong'      | wrong API key",
            })
    void apiKeyRoutesSayWhyTheHeaderCannotBeUsed(String method, String path, String header, String expected) {
        Map<String, String> headers = new HashMap<>();
        if (header != null) {
            headers.put("authorization", header);
        }
        ApiResponse response = api.handle(new ApiRequest(
                method,
                path,
                headers,
                "{\"userId\":\"alice\",\"sessionId\":\"call_1\"}".getBytes(StandardCharsets.UTF_8),
                "192.0.2.1"));

        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.status()).as(body).isEqualTo(401);
        assertThat(body).contains("\"UNAUTHENTICATED\"").contains("Authorization: " + expected);
    }
}
