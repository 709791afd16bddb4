package com.securevox.call.transport;

/** Socket.IO 5's packet types, by the digit that starts a packet. */
enum SocketIoPacketType {
    CONNECT,
    DISCONNECT,
    EVENT,
    ACK,
    CONNECT_ERROR,
    BINARY_EVENT,
    BINARY_ACK;

    private static final SocketIoPacketType[] BY_DIGIT = values();

    static SocketIoPacketType of(char digit) throws ProtocolViolation {
        int index = digit - '0';
        if (index < 0 || index >= BY_DIGIT.length) {
            throw new ProtocolViolation("Socket.IO packet type: '" + EnginePacketType.printable(digit)
                    + "' (expected: a digit from 0 to 6)");
        }
        return BY_DIGIT[index];
    }

    boolean binary() {
        return this == BINARY_EVENT || this == BINARY_ACK;
    }
}
