package com.securevox.call.media;

/** Why an SFU operation failed. */
public enum MediaError {
    /** The SFU is not reachable now (not started, restarting, connection lost). */
    UNAVAILABLE,
    /** The SFU did not answer in time. */
    TIMEOUT,
    /** The room or participant the operation names does not exist (any more). */
    NOT_FOUND,
    /** The SFU refused the request (an SDP it cannot use, a full room, ...); the message says why. */
    REFUSED,
    /** The request contradicts the call's state (recording a call that is being recorded, stopping one that is not). */
    CONFLICT,
    /** The call is encrypted end to end, so the SFU sees only ciphertext: it cannot be recorded. */
    E2EE_CALL,
    /** The recordings' disk has less free space than the minimum: a recording cannot start (or go on). */
    INSUFFICIENT_STORAGE,
    /** The SFU answered something we cannot read. */
    PROTOCOL
}
