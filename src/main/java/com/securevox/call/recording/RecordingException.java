package com.securevox.call.recording;

/** A recording could not be made into files; the message says what failed, for the operator and the webhook. */
public final class RecordingException extends Exception {
    public RecordingException(String message) {
        super(message);
    }

    public RecordingException(String message, Throwable cause) {
        super(message, cause);
    }
}
