package com.securevox.call.signaling;

import com.securevox.call.auth.TokenClaims;
import com.securevox.call.auth.TokenException;

/** Checks a token presented by a socket: a call token, or a user token for a device connection. */
@FunctionalInterface
public interface TokenVerifier {
    TokenClaims verify(String token) throws TokenException;
}
