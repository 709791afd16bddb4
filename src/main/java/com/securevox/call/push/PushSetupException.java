package com.securevox.call.push;

/** A provider cannot be set up from its settings: the message names the setting, the problem and the fix. */
public final class PushSetupException extends RuntimeException {
    public PushSetupException(String message) {
        super(message);
    }

    public PushSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
