package com.securevox.call.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.signaling.ErrorCode;
import com.securevox.call.signaling.SignalingException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandshakeAuthTest {
    @Test
    void readsTheTokenOnlyFromATokenString() {
        assertThat(HandshakeAuth.token(Map.of("token", "a.b.c"))).contains("a.b.c");
        assertThat(HandshakeAuth.token(Map.of("token", ""))).isEmpty();
        assertThat(HandshakeAuth.token(Map.of())).isEmpty();
        assertThat(HandshakeAuth.token(null)).isEmpty();
        assertThat(HandshakeAuth.token(List.of("a.b.c"))).isEmpty();
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
