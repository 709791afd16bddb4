package com.securevox.call.auth;

import java.util.Objects;

/**
 * A call token was refused. The message says what is wrong ({@code "claim sid: missing"}) and never contains the
 * token. No cause is attached: parser messages may quote pieces of the token.
 */
public final class TokenException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The two outcomes a client can act on differently: fetch a new token, or give up. */
    public enum Kind {
        /** The token was valid but its {@code exp} has passed (wire code {@code TOKEN_EXPIRED}). */
        EXPIRED,
        /** Anything else: malformed, wrong algorithm, bad signature, bad claims (wire code {@code INVALID_TOKEN}). */
        INVALID
    }

    private final Kind kind;

    public TokenException(Kind kind, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
