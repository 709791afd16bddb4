package com.securevox.call.httpapi;

import java.util.Objects;

/** A refused HTTP request; {@link HttpApi} turns it into the contract's error body. */
public final class HttpApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final HttpError error;

    public HttpApiException(HttpError error, String message) {
        super(message, null, false, false);
        this.error = Objects.requireNonNull(error, "error");
    }

    public HttpError error() {
        return error;
    }
}
