package com.securevox.call.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Checks the API key a trusted backend presents. Both sides are hashed with SHA-256 before the constant-time
 * comparison, so neither the position of the first wrong character nor the key's length shows in the timing.
 */
public final class ApiKeyVerifier {

    /** Never used itself: each digest is taken with a clone, which skips the provider lookup of getInstance. */
    private final MessageDigest sha256;

    private final byte[] expectedDigest;

    public ApiKeyVerifier(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("API key: empty (expected: at least one character)");
        }
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable, which every Java platform must provide", e);
        }
        this.expectedDigest = sha256(key);
    }

    /** Whether {@code presented} is the configured key; {@code null} never matches. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expectedDigest, sha256(presented));
    }

    private byte[] sha256(String value) {
        try {
            return ((MessageDigest) sha256.clone()).digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 of this platform cannot be cloned", e);
        }
    }

    @Override
    public String toString() {
        return "ApiKeyVerifier[***]";
    }
}
