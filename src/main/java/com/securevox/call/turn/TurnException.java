package com.securevox.call.turn;

/** Managed TURN cannot start: coturn's configuration cannot be written. */
public final class TurnException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TurnException(String message, Throwable cause) {
        super(message, cause);
    }
}
