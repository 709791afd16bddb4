package com.securevox.call.transport;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Whatever a client puts in its handshake {@code auth}, reading the token out of it yields a
 * non-empty token, nothing, or a refusal with a message: it never throws.
 */
class HandshakeAuthFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest(maxDuration = "2m")
    void readsTokenOrRefuses(byte[] data) {
        Object auth;
        try {
            auth = JSON.readValue(data, Object.class);
        } catch (IOException e) {
            return; // the library refuses packets that are not JSON before we see them
        }
        HandshakeAuth.token(auth).ifPresent(token -> {
            if (token.isEmpty()) {
                throw new AssertionError("empty token accepted");
            }
        });
        HandshakeAuth.problem(auth).ifPresent(problem -> {
            if (problem.getMessage() == null || problem.getMessage().isBlank()) {
                throw new AssertionError("refusal without a message");
            }
        });
    }
}
