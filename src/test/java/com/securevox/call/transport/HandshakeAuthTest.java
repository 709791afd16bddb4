package com.securevox.call.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.signaling.ErrorCode;
import com.securevox.call.signaling.SignalingException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandshakeAuthTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void readsTheTokenOnlyFromATokenString() {
        assertThat(HandshakeAuth.token(Map.of("token", "a.b.c"))).contains("a.b.c");
        assertThat(HandshakeAuth.token(Map.of("token", ""))).isEmpty();
        assertThat(HandshakeAuth.token(Map.of())).isEmpty();
        assertThat(HandshakeAuth.token((Object) null)).isEmpty();
        assertThat(HandshakeAuth.token((JsonNode) null)).isEmpty();
        assertThat(HandshakeAuth.token(List.of("a.b.c"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "{\"token\":\"a.b.c\"}",
                "{\"token\":\"\"}",
                "{\"token\":null}",
                "{\"token\":42}",
                "{\"token\":true}",
                "{\"token\":{\"token\":\"a\"}}",
                "{\"token\":[\"a.b.c\"]}",
                "{\"other\":\"a.b.c\"}",
                "{\"token\":\"\\u00e9\\ud800\",\"x\":1}",
                "{}",
                "[\"a.b.c\"]",
                "\"a.b.c\"",
                "null",
            })
    void readsTheSameTokenFromTheJsonAsFromItsMaps(String json) throws Exception {
        JsonNode node = MAPPER.readTree(json);
        assertThat(HandshakeAuth.token(node)).isEqualTo(HandshakeAuth.token(MAPPER.convertValue(node, Object.class)));
    }

    @Test
    void anAbsentTokenIsFineAMistypedOneIsRefused() {
        Map<String, Object> nullToken = new HashMap<>();
        nullToken.put("token", null);
        assertThat(HandshakeAuth.problem(Map.of())).isEmpty();
        assertThat(HandshakeAuth.problem(nullToken)).isEmpty();
        assertThat(HandshakeAuth.problem(Map.of("token", 42)))
                .map(SignalingException::getMessage)
                .contains("auth.token: a number (expected: a call token string)");
        assertThat(HandshakeAuth.problem(Map.of("token", "")))
                .map(SignalingException::code)
                .contains(ErrorCode.INVALID_TOKEN);
    }
}
