package com.securevox.call.call;

/** Why a call operation was refused. The names are the wire codes of the client contract. */
public enum CallError {
    NOT_IN_CALL,
    ALREADY_IN_CALL,
    PARTICIPANT_NOT_FOUND,
    CALL_FULL,
    RATE_LIMITED
}
