package com.securevox.call.httpapi;

import java.util.Objects;

/** Why a recording could not be started or stopped; the API answers it with the code's status. */
public final class RecordingActionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, each with the error the API answers. */
    public enum Code {
        /** No call in progress under that session id: 404. */
        NOT_FOUND(HttpError.NOT_FOUND),
        /** Already recording (start) or not recording (stop): 409. */
        CONFLICT(HttpError.CONFLICT),
        /** An end-to-end encrypted call cannot be recorded: 409 {@code E2EE_CALL}. */
        E2EE_CALL(HttpError.E2EE_CALL),
        /** The recordings' disk has less free space than the minimum: 507 {@code INSUFFICIENT_STORAGE}. */
        INSUFFICIENT_STORAGE(HttpError.INSUFFICIENT_STORAGE),
        /** The SFU is not there or does not answer: 503. */
        SFU_UNAVAILABLE(HttpError.SFU_UNAVAILABLE);

        private final HttpError error;

        Code(HttpError error) {
            this.error = error;
        }

        HttpError error() {
            return error;
        }
    }

    private final Code code;

    /** @param message names the call and what was expected, like every API error message */
    public RecordingActionException(Code code, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code: null (expected: why the action failed)");
    }

    public Code code() {
        return code;
    }
}
