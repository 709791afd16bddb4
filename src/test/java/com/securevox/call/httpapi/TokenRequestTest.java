package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.call.Role;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenRequestTest {
    private static final JsonBody JSON = new JsonBody(new ObjectMapper(), TokenRequest.EXAMPLE);

    private static TokenRequest parse(String body) {
        return TokenRequest.parse(JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                                        | body: empty (expected: a JSON object like {\"userId\", \"sessionId\", \"role\"})",
                "{                                         | body: not valid JSON (expected: a JSON object like {\"userId\", \"sessionId\", \"role\"})",
                "[1]                                       | body: array (expected: a JSON object)",
                "{\"userId\": \"u\"}                       | sessionId: missing (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])",
                "{\"userId\": 1, \"sessionId\": \"s\"}     | userId: not a string (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])",
                "{\"userId\": \"u/x\", \"sessionId\": \"s\"} | userId: 'u/x' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])",
                "{\"sessionId\": \"s\", \"role\": \"admin\"} | role: 'admin' (expected: \"participant\" or \"host\")",
                "{\"sessionId\": \"s\", \"role\": 2}       | role: not a string (expected: \"participant\" or \"host\")",
                // Strict JSON: which of two values counts would depend on the parser, and trailing content is not
                // part of the document however lenient a reader ignores it.
                "{\"userId\": \"a\", \"sessionId\": \"s\", \"userId\": \"b\"} | body: duplicate key 'userId' (expected: each key once)",
                "{\"sessionId\": \"s\", \"sessionId\": \"s\"} | body: duplicate key 'sessionId' (expected: each key once)",
                "{\"sessionId\": \"s\", \"x\": {\"k\": 1, \"k\": 2}} | body: duplicate key 'k' (expected: each key once)",
                "{\"sessionId\": \"s\"} {\"sessionId\": \"t\"} | body: unexpected content after the JSON object (expected: one JSON object)",
                "{\"sessionId\": \"s\"}]                 | body: unexpected content after the JSON object (expected: one JSON object)",
                "{\"sessionId\": \"s\"} x                | body: unexpected content after the JSON object (expected: one JSON object)",
                "{\"sessionId\": \"s\"} // comment       | body: unexpected content after the JSON object (expected: one JSON object)",
                "{\"sessionId\": \"s\"} 1                | body: unexpected content after the JSON object (expected: one JSON object)",
                "[1] x                                     | body: array (expected: a JSON object)",
                "'   '                                     | body: empty (expected: a JSON object like {\"userId\", \"sessionId\", \"role\"})",
                "x {}                                      | body: not valid JSON (expected: a JSON object like {\"userId\", \"sessionId\", \"role\"})",
            })
    void refusesBadBodies(String body, String message) {
        assertThatThrownBy(() -> parse(body)).isInstanceOfSatisfying(HttpApiException.class, e -> {
            assertThat(e.error()).isEqualTo(HttpError.INVALID_PAYLOAD);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void allowsWhitespaceAfterTheObjectAndTheSameKeyInDifferentObjects() {
        assertThat(parse("{\"sessionId\": \"call_1\", \"meta\": {\"sessionId\": 1}}\r\n\t "))
                .isEqualTo(new TokenRequest(Optional.empty(), "call_1", Role.PARTICIPANT));
    }

    @Test
    void aDuplicateKeyIsShownCutShortAndWithoutControlCharacters() {
        String key = "k\u0007" + "x".repeat(100);
        String body =
                "{\"" + key.replace("\u0007", "\\u0007") + "\": 1, \"" + key.replace("\u0007", "\\u0007") + "\": 2}";

        assertThatThrownBy(() -> parse(body))
                .hasMessage("body: duplicate key 'k\\u0007" + "x".repeat(38) + "…' (expected: each key once)");
    }

    @Test
    void parsesTheContractExample() {
        assertThat(parse("{\"userId\": \"user123\", \"sessionId\": \"call_123_456_789\", \"role\": \"host\"}"))
                .isEqualTo(new TokenRequest(Optional.of("user123"), "call_123_456_789", Role.HOST));
        assertThat(parse("{\"sessionId\": \"call_1\"}"))
                .isEqualTo(new TokenRequest(Optional.empty(), "call_1", Role.PARTICIPANT));
    }
}
