package com.securevox.call.ring;

import java.util.Objects;

/** A refused ringing request, carrying why; its message names the field, the value and what was expected. */
public final class RingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final RingError error;

    public RingException(RingError error, String message) {
        super(message, null, false, false);
        this.error = Objects.requireNonNull(error, "error");
    }

    public RingError error() {
        return error;
    }
}
