package com.securevox.call.call;

/**
 * The opaque id of one client socket. The signaling layer mints it; the domain only compares it, so a user who
 * reconnects on a new socket is a new {@code ConnectionId} for the same user id.
 */
public record ConnectionId(String value) {
    public ConnectionId {
        if (value == null) {
            throw new IllegalArgumentException("ConnectionId.value: null (expected: non-blank text)");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException("ConnectionId.value: '" + value + "' (expected: non-blank text)");
        }
    }
}
