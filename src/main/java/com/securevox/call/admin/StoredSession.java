package com.securevox.call.admin;

import java.time.Instant;
import java.util.Objects;

/**
 * One signed-in admin session as stored.
 *
 * @param tokenHash the SHA-256 digest of the cookie's token, lowercase hex: the token itself is never stored
 * @param method how the operator signed in ({@code api_key} or {@code password}), for the audit trail
 * @param address the address the sign-in came from
 * @param createdAt when the operator signed in
 * @param expiresAt when the session ends whatever happens
 * @param lastSeenAt when a node last read the session for a request (to within the API's recheck interval, 5 s)
 */
public record StoredSession(
        String tokenHash, String method, String address, Instant createdAt, Instant expiresAt, Instant lastSeenAt) {
    public StoredSession {
        Objects.requireNonNull(tokenHash, "tokenHash: null (expected: 64 hex digits)");
        if (!tokenHash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(
                    "tokenHash: " + tokenHash.length() + " characters (expected: 64 hex digits)");
        }
        Objects.requireNonNull(method, "method: null (expected: api_key or password)");
        Objects.requireNonNull(address, "address: null (expected: where the sign-in came from)");
        Objects.requireNonNull(createdAt, "createdAt: null");
        Objects.requireNonNull(expiresAt, "expiresAt: null");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt: null");
        if (!expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException(
                    "expiresAt: " + expiresAt + " (expected: after createdAt " + createdAt + ")");
        }
    }

    /** Whether the session has expired at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
