package com.securevox.call.transport;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Engine.IO 4's text encoding: one packet is its type digit and its data; a long-polling payload is packets joined by
 * the record separator, binary ones as {@code b} and base64. Decoding is strict: anything else is a {@link
 * ProtocolViolation}.
 */
final class EngineCodec {
    static final char SEPARATOR = '\u001e';
    static final String NOOP = "6";
    static final String CLOSE = "1";
    static final String PING = "2";
    static final String PROBE_PONG = "3probe";

    private EngineCodec() {}

    /** One text packet, as a websocket text frame carries it. */
    static EnginePacket decode(String text) throws ProtocolViolation {
        if (text.isEmpty()) {
            throw new ProtocolViolation("Engine.IO packet: empty (expected: a type digit and its data)");
        }
        return new EnginePacket(EnginePacketType.of(text.charAt(0)), text.substring(1), null);
    }

    /** A long-polling POST body: at least one packet, separated by {@code \x1e}. */
    static List<EnginePacket> decodePayload(String payload) throws ProtocolViolation {
        List<EnginePacket> packets = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = payload.indexOf(SEPARATOR, start);
            String item = end < 0 ? payload.substring(start) : payload.substring(start, end);
            packets.add(decodeItem(item));
            if (end < 0) {
                return packets;
            }
            start = end + 1;
        }
    }

    private static EnginePacket decodeItem(String item) throws ProtocolViolation {
        if (!item.isEmpty() && item.charAt(0) == 'b') {
            try {
                return EnginePacket.binaryMessage(Base64.getDecoder().decode(item.substring(1)));
            } catch (IllegalArgumentException e) {
                throw new ProtocolViolation("Engine.IO binary packet: not base64 (" + e.getMessage() + ")");
            }
        }
        return decode(item);
    }

    /** A message packet carrying one Socket.IO packet. */
    static String message(String socketIoPacket) {
        return EnginePacketType.MESSAGE.digit() + socketIoPacket;
    }
}
