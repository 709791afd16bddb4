package com.securevox.call.trust;

/**
 * Trust material cannot be used. The message names the file and what was expected, such as {@code /etc/ca.pem: no
 * certificate in it (expected: …)}; callers put the setting's name in front.
 */
public final class TrustException extends Exception {
    private static final long serialVersionUID = 1L;

    TrustException(String message) {
        super(message);
    }

    TrustException(String message, Throwable cause) {
        super(message, cause);
    }
}
