package com.securevox.call.transport;

/**
 * Input that breaks the Engine.IO or Socket.IO protocol. The session it arrived on is closed: the protocol says so, and
 * a peer that sends garbage cannot be trusted with anything it sends after. The message names what was wrong.
 */
final class ProtocolViolation extends Exception {
    private static final long serialVersionUID = 1L;

    ProtocolViolation(String message) {
        super(message, null, false, false);
    }
}
