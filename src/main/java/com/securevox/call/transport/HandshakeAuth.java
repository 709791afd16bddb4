package com.securevox.call.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.securevox.call.signaling.ErrorCode;
import com.securevox.call.signaling.SignalingException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the call token out of a Socket.IO v4 handshake {@code auth} object. */
final class HandshakeAuth {
    private HandshakeAuth() {}

    /** The token, when the client sent {@code auth: {token: "…"}}. */
    static Optional<String> token(Object authData) {
        if (authData instanceof Map<?, ?> auth && auth.get("token") instanceof String token && !token.isEmpty()) {
            return Optional.of(token);
        }
        return Optional.empty();
    }

    /**
     * {@link #token(Object)} read from the CONNECT packet's JSON as it is, without converting the object to maps first
     * (the converted form is needed only to explain a refusal).
     */
    static Optional<String> token(JsonNode authData) {
        if (authData != null && authData.isObject()) {
            JsonNode token = authData.get("token");
            if (token != null && token.isTextual() && !token.textValue().isEmpty()) {
                return Optional.of(token.textValue());
            }
        }
        return Optional.empty();
    }

    /**
     * What is wrong with an auth object that carries no usable token. An absent token is fine (the
     * client may emit {@code authenticate} later); a token of the wrong type is not.
     */
    static Optional<SignalingException> problem(Object authData) {
        if (!(authData instanceof Map<?, ?> auth) || !auth.containsKey("token") || auth.get("token") == null) {
            return Optional.empty();
        }
        Object token = auth.get("token");
        String kind =
                switch (token) {
                    case String ignored -> "an empty string";
                    case Number ignored -> "a number";
                    case Boolean ignored -> "a boolean";
                    case Map<?, ?> ignored -> "an object";
                    case List<?> ignored -> "an array";
                    default -> "an unsupported value";
                };
        return Optional.of(new SignalingException(
                ErrorCode.INVALID_TOKEN, "auth.token: " + kind + " (expected: a call token string)"));
    }
}
