package com.securevox.call.auth;

import com.securevox.call.call.Ids;
import com.securevox.call.call.Role;
import java.time.Instant;
import java.util.Objects;

/**
 * What a verified call token says: who ({@code sub}) may join which call ({@code sid}) as what ({@code role}), and
 * until when ({@code exp}). A socket keeps these for as long as it is connected, so only what the server uses is kept:
 * {@code iat} and {@code jti} are checked for their type when the token is verified, and then dropped.
 */
public record CallClaims(String userId, String sessionId, Role role, Instant expiresAt) implements TokenClaims {

    public CallClaims {
        if (!Ids.isValid(userId)) {
            throw new IllegalArgumentException(Ids.problem("userId", userId));
        }
        if (!Ids.isValid(sessionId)) {
            throw new IllegalArgumentException(Ids.problem("sessionId", sessionId));
        }
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
