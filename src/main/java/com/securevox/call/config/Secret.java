package com.securevox.call.config;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A secret string (JWT signing secret, API key). {@link #toString()} is {@code ***} so that a secret reaching a log
 * line or an exception message through string concatenation shows nothing.
 *
 * <p>{@link #bytes()} is the UTF-8 encoding of the value: that is how PyJWT and the Node.js {@code jsonwebtoken}
 * package turn a string secret into an HMAC key, and tokens signed by a Django backend must verify here.
 */
public record Secret(String value) {

    public Secret {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("secret: empty (expected: at least one character)");
        }
    }

    /** The UTF-8 bytes of the value, a fresh copy each call so callers may wipe or keep it. */
    public byte[] bytes() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** Length of {@link #bytes()}: the key length that matters for HMAC strength. */
    public int byteLength() {
        return bytes().length;
    }

    /** Length in Unicode code points, which is what an operator counts as "characters". */
    public int characterCount() {
        return value.codePointCount(0, value.length());
    }

    @Override
    public String toString() {
        return "***";
    }
}
