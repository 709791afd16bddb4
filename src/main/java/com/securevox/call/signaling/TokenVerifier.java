package com.securevox.call.signaling;

import com.securevox.call.auth.CallClaims;
import com.securevox.call.auth.TokenException;

/** Checks a call token presented by a socket. */
@FunctionalInterface
public interface TokenVerifier {
    CallClaims verify(String token) throws TokenException;
}
