package com.securevox.call.transport;

/** The server could not start listening; the message names the address and why, in one line. */
public final class TransportStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param cause what Netty or the JDK said, kept so that callers can tell an unknown host from a taken port */
    public TransportStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
