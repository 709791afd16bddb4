package com.securevox.call.call;

import java.util.Objects;

/** A call operation refused for a reason the client caused; the signaling layer sends {@link #error()} as the code. */
public final class CallException extends RuntimeException {
    private final CallError error;

    public CallException(CallError error, String message) {
        super(message);
        this.error = Objects.requireNonNull(error, "error: null (expected: a CallError)");
    }

    public CallError error() {
        return error;
    }
}
