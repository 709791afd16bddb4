package com.securevox.call.transport;

/** The TLS files cannot serve: the message names the file and what was expected of it. */
public final class TlsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TlsException(String message) {
        super(message);
    }

    TlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
