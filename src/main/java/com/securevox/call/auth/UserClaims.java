package com.securevox.call.auth;

import com.securevox.call.call.Ids;
import java.time.Instant;
import java.util.Objects;

/**
 * What a verified user token says: {@code sub} is the user, {@code scope} is {@value #SCOPE}, and it has no call
 * ({@code sid}) or role: a socket holding one is that user's device connection, which may ring and be rung.
 */
public record UserClaims(String userId, Instant expiresAt) implements TokenClaims {
    /** The {@code scope} claim of every user token. */
    public static final String SCOPE = "user";

    public UserClaims {
        if (!Ids.isValid(userId)) {
            throw new IllegalArgumentException(Ids.problem("userId", userId));
        }
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
