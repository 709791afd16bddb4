package com.securevox.call.transport;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Engine.IO packet from a client: its type and its data, text for everything but a binary message.
 *
 * @param text the data after the type digit ({@code "probe"} in {@code 2probe}); empty when there is none
 * @param binary the bytes of a binary message, else null
 */
record EnginePacket(EnginePacketType type, String text, byte[] binary) {
    EnginePacket {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
    }

    static EnginePacket binaryMessage(byte[] data) {
        return new EnginePacket(EnginePacketType.MESSAGE, "", data);
    }

    boolean isBinary() {
        return binary != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnginePacket other
                && type == other.type
                && text.equals(other.text)
                && Arrays.equals(binary, other.binary);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, text, Arrays.hashCode(binary));
    }

    @Override
    public String toString() {
        return "EnginePacket[" + type + (isBinary() ? ", " + binary.length + " bytes" : ", " + text.length() + " chars")
                + "]";
    }
}
