package com.securevox.call.transport;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Whatever a client sends as a Socket.IO packet or an Engine.IO payload, decoding yields packets that respect the
 * protocol's rules or a violation with a message: it never throws anything else.
 */
class SocketIoCodecFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void decodesOrRefuses(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        try {
            SocketIoPacket packet = SocketIoCodec.decode(text);
            if (packet.ackId() > Integer.MAX_VALUE || packet.ackId() < -1) {
                throw new AssertionError("ack id out of range: " + packet.ackId());
            }
            if (packet.type().binary() != (packet.attachments() > 0)) {
                throw new AssertionError("attachments on a non-binary packet, or none on a binary one: " + packet);
            }
            if ((packet.type() == SocketIoPacketType.EVENT || packet.type() == SocketIoPacketType.BINARY_EVENT)
                    && !packet.data().get(0).isTextual()) {
                throw new AssertionError("event without a name: " + packet);
            }
        } catch (ProtocolViolation e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("violation without a message", e);
            }
        }
        try {
            for (EnginePacket packet : EngineCodec.decodePayload(text)) {
                if (packet.isBinary() && packet.type() != EnginePacketType.MESSAGE) {
                    throw new AssertionError("binary packet that is not a message: " + packet);
                }
            }
        } catch (ProtocolViolation e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("violation without a message", e);
            }
        }
    }
}
