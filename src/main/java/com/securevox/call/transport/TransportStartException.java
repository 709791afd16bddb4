package com.securevox.call.transport;

/** The server could not start listening; the message names the address and why, in one line. */
public final class TransportStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TransportStartException(String message) {
        super(message);
    }
}
