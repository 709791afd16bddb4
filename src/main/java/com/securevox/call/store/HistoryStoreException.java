package com.securevox.call.store;

/** The database could not be reached or refused an operation; the message never holds credentials. */
public final class HistoryStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HistoryStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
