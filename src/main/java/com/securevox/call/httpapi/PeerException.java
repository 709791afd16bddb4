package com.securevox.call.httpapi;

/** Another node could not be asked, or answered something that is not what this node expects of it. */
final class PeerException extends Exception {
    PeerException(String message) {
        super(message);
    }

    PeerException(String message, Throwable cause) {
        super(message, cause);
    }
}
