package com.securevox.call.auth;

import java.time.Instant;

/**
 * What a verified token says: a call token admits a user to one call ({@link CallClaims}), a user token makes a socket
 * that user's device connection ({@link UserClaims}).
 */
public sealed interface TokenClaims permits CallClaims, UserClaims {
    String userId();

    Instant expiresAt();
}
