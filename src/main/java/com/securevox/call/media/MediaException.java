package com.securevox.call.media;

import java.util.Objects;

/** A failed SFU operation, with what went wrong in words and as a {@link MediaError}. */
public final class MediaException extends RuntimeException {
    private final MediaError error;

    public MediaException(MediaError error, String message) {
        super(message);
        this.error = Objects.requireNonNull(error, "error");
    }

    public MediaException(MediaError error, String message, Throwable cause) {
        super(message, cause);
        this.error = Objects.requireNonNull(error, "error");
    }

    public MediaError error() {
        return error;
    }
}
