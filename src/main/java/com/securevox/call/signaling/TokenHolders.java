package com.securevox.call.signaling;

import com.securevox.call.auth.CallClaims;
import com.securevox.call.auth.TokenClaims;
import com.securevox.call.auth.UserClaims;

/** Who a socket's token says it is: as the client is told, compared with a later token, and named in a refusal. */
final class TokenHolders {
    private TokenHolders() {}

    /** What {@code authenticated} tells the client. */
    static Wire.Authenticated authenticated(TokenClaims token) {
        return switch (token) {
            case CallClaims c ->
                new Wire.Authenticated(
                        c.userId(),
                        c.sessionId(),
                        c.role().wireName(),
                        c.expiresAt().getEpochSecond(),
                        null);
            case UserClaims u ->
                new Wire.Authenticated(u.userId(), null, null, u.expiresAt().getEpochSecond(), UserClaims.SCOPE);
        };
    }

    /** A socket authenticates again only as what it is: the same user and call, or the same user's device. */
    static boolean same(TokenClaims before, TokenClaims now) {
        return switch (before) {
            case CallClaims b ->
                now instanceof CallClaims n
                        && b.userId().equals(n.userId())
                        && b.sessionId().equals(n.sessionId());
            case UserClaims b -> now instanceof UserClaims n && b.userId().equals(n.userId());
        };
    }

    /** The holder as a refusal names it. */
    static String describe(TokenClaims token) {
        return switch (token) {
            case CallClaims c -> "'" + c.userId() + "' for call '" + c.sessionId() + "'";
            case UserClaims u -> "'" + u.userId() + "' on a device connection";
        };
    }
}
