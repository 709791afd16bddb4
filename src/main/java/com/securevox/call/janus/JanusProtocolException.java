package com.securevox.call.janus;

import java.util.Optional;

/**
 * Janus sent something we cannot read: not JSON, a field missing or of the wrong type, an unknown message kind. The
 * message names the field, what it was and what was expected, and quotes at most a short fragment of the input
 * (Janus messages carry SDPs, which are never logged).
 */
public final class JanusProtocolException extends RuntimeException {
    private final String transaction;

    JanusProtocolException(String message) {
        this(message, null);
    }

    JanusProtocolException(String message, String transaction) {
        super(message);
        this.transaction = transaction;
    }

    /** The transaction of the unreadable message, when at least that could be read: its request then fails. */
    public Optional<String> transaction() {
        return Optional.ofNullable(transaction);
    }

    JanusProtocolException withTransaction(String id) {
        return new JanusProtocolException(getMessage(), id);
    }
}
