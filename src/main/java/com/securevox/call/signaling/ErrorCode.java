package com.securevox.call.signaling;

/**
 * The error codes of the client contract, as they appear on the wire. {@link #SERVER_DRAINING} is
 * our additive extension (see docs/protocol.md).
 */
public enum ErrorCode {
    UNAUTHENTICATED,
    TOKEN_EXPIRED,
    INVALID_TOKEN,
    FORBIDDEN,
    INVALID_PAYLOAD,
    NOT_IN_CALL,
    ALREADY_IN_CALL,
    PARTICIPANT_NOT_FOUND,
    CALL_FULL,
    RATE_LIMITED,
    SERVER_DRAINING,
    INTERNAL
}
