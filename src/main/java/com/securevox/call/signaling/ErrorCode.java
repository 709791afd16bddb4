package com.securevox.call.signaling;

import com.securevox.call.call.CallError;

/**
 * The error codes of the client contract, as they appear on the wire. {@link #SERVER_DRAINING},
 * {@link #SFU_UNAVAILABLE}, {@link #CONFLICT}, {@link #INSUFFICIENT_STORAGE}, {@link #REMOVED}, the ringing codes and the {@code E2EE_} codes are our additive extensions (see
 * docs/protocol.md).
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
    /** Joining a call encrypted end to end without encrypting. */
    E2EE_REQUIRED,
    /** Joining with end-to-end encryption a call that is not encrypted. */
    E2EE_NOT_ENABLED,
    /** What the call cannot have because it is encrypted end to end: a recording. */
    E2EE_CALL,
    /** The recordings' disk has less free space than the server keeps for them: a recording cannot start. */
    INSUFFICIENT_STORAGE,
    /** A participant a host removed joins again with a token issued before its removal. */
    REMOVED,

    /** Ringing: no ring for that call of which the user is a party. */
    RING_NOT_FOUND,
    /** Ringing: that user was invited to this call before; a user is invited at most once per call. */
    ALREADY_INVITED,
    /** A service the server needs to answer is down: the call policy's Django did not answer. */
    UNAVAILABLE,
    INTERNAL;

    /** The wire code of a refusal of the call domain. */
    static ErrorCode of(CallError error) {
        return switch (error) {
            case NOT_IN_CALL -> ErrorCode.NOT_IN_CALL;
            case ALREADY_IN_CALL -> ErrorCode.ALREADY_IN_CALL;
            case PARTICIPANT_NOT_FOUND -> ErrorCode.PARTICIPANT_NOT_FOUND;
            case CALL_FULL -> ErrorCode.CALL_FULL;
            case RATE_LIMITED -> ErrorCode.RATE_LIMITED;
            case E2EE_REQUIRED -> ErrorCode.E2EE_REQUIRED;
            case E2EE_NOT_ENABLED -> ErrorCode.E2EE_NOT_ENABLED;
            case REMOVED -> ErrorCode.REMOVED;
        };
    }
}
