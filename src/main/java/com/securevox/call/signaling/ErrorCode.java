package com.securevox.call.signaling;

/**
 * The error codes of the client contract, as they appear on the wire. {@link #SERVER_DRAINING},
 * {@link #SFU_UNAVAILABLE} and {@link #CONFLICT} are our additive extensions (see docs/protocol.md).
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
    /** The call's media goes through the SFU, and the SFU did not answer (restarting, overloaded). */
    SFU_UNAVAILABLE,
    /** The request contradicts the call's state: recording a call that is being recorded, stopping one that is not. */
    CONFLICT,
    INTERNAL
}
