package com.securevox.call.push;

/** A device registration refused; the message names the field, the value and what was expected. */
public final class InvalidDeviceException extends IllegalArgumentException {
    public InvalidDeviceException(String message) {
        super(message);
    }
}
