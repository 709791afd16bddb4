package com.securevox.call.auth;

import com.securevox.call.call.Ids;
import com.securevox.call.call.Role;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a verified call token says: who ({@code sub}) may join which call ({@code sid}) as what ({@code role}), and
 * until when ({@code exp}).
 */
public record CallClaims(
        String userId,
        String sessionId,
        Role role,
        Instant expiresAt,
        Optional<Instant> issuedAt,
        Optional<String> jti) {

    public CallClaims {
        if (!Ids.isValid(userId)) {
            throw new IllegalArgumentException(Ids.problem("userId", userId));
        }
        if (!Ids.isValid(sessionId)) {
            throw new IllegalArgumentException(Ids.problem("sessionId", sessionId));
        }
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(jti, "jti");
    }
}
