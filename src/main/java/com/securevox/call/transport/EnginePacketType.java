package com.securevox.call.transport;

/** Engine.IO 4's packet types, by the digit that starts a text packet. */
enum EnginePacketType {
    OPEN('0'),
    CLOSE('1'),
    PING('2'),
    PONG('3'),
    MESSAGE('4'),
    UPGRADE('5'),
    NOOP('6');

    private static final EnginePacketType[] BY_DIGIT = values();
    private final char digit;

    EnginePacketType(char digit) {
        this.digit = digit;
    }

    char digit() {
        return digit;
    }

    static EnginePacketType of(char digit) throws ProtocolViolation {
        int index = digit - '0';
        if (index < 0 || index >= BY_DIGIT.length) {
            throw new ProtocolViolation(
                    "Engine.IO packet type: '" + printable(digit) + "' (expected: a digit from 0 to 6)");
        }
        return BY_DIGIT[index];
    }

    static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
}
