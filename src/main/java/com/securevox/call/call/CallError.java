package com.securevox.call.call;

/** Why a call operation was refused. The names are the wire codes of the client contract. */
public enum CallError {
    NOT_IN_CALL,
    ALREADY_IN_CALL,
    PARTICIPANT_NOT_FOUND,
    CALL_FULL,
    RATE_LIMITED,
    /** The call is encrypted end to end and the joiner does not encrypt. */
    E2EE_REQUIRED,
    /** The joiner encrypts end to end and the call does not: nobody else could decrypt it. */
    E2EE_NOT_ENABLED,
    /** A participant a host removed joins again with a token issued before its removal. */
    REMOVED
}
