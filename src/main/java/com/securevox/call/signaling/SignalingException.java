package com.securevox.call.signaling;

import java.util.Objects;

/** A refusal of a client event, carrying its wire code; turned into a reply once, at the edge. */
public final class SignalingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public SignalingException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    static SignalingException invalid(String message) {
        return new SignalingException(ErrorCode.INVALID_PAYLOAD, message);
    }
}
