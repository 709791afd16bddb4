package com.securevox.call.transport;

import java.nio.charset.StandardCharsets;

/** Engine.IO's HTTP errors, with the codes and messages its clients and the reference server use. */
enum EngineError {
    UNKNOWN_TRANSPORT(0, "Transport unknown"),
    UNKNOWN_SID(1, "Session ID unknown"),
    BAD_HANDSHAKE_METHOD(2, "Bad handshake method"),
    BAD_REQUEST(3, "Bad request"),
    FORBIDDEN(4, "Forbidden"),
    UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version");

    private final byte[] body;

    EngineError(int code, String message) {
        this.body = ("{\"code\":" + code + ",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** The JSON body of the 400 that carries it. */
    byte[] body() {
        return body.clone();
    }
}
