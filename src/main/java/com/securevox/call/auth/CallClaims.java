package com.securevox.call.auth;

import com.securevox.call.call.Ids;
import com.securevox.call.call.Role;
import java.time.Instant;
import java.util.Objects;

/**
 * What a verified call token says: who ({@code sub}) may join which call ({@code sid}) as what ({@code role}), since
 * when ({@code iat}, the epoch when the token has none) and until when ({@code exp}). A socket keeps these for as long
 * as it is connected, so only what the server uses is kept: {@code jti} is checked for its type when the token is
 * verified, and then dropped. {@code iat} decides whether a participant a host removed may come back with this token.
 */
public record CallClaims(String userId, String sessionId, Role role, Instant expiresAt, Instant issuedAt)
        implements TokenClaims {

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
    }

    /** Claims of a token without {@code iat}. */
    public CallClaims(String userId, String sessionId, Role role, Instant expiresAt) {
        this(userId, sessionId, role, expiresAt, Instant.EPOCH);
    }
}
