package com.securevox.call.call;

/** How a successful join related to what was already in the call. */
public enum JoinKind {
    /** The user was not in the call; the others were told. */
    NEW,
    /** The user was in reconnect grace; its socket is back and nobody else was told. */
    RECONNECTED,
    /** The user was in the call on another live socket; that socket was told it was replaced, nobody else was. */
    REPLACED
}
