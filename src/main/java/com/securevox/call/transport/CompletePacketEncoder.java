package com.securevox.call.transport;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.JsonSupport;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.util.Queue;

/**
 * netty-socketio's packet encoder with one fix: its {@code encodePackets} takes a packet off the
 * queue before checking the per-response limit (50), so when more than 50 packets wait for a
 * long-polling client, every 51st is dropped. Here the limit is checked first and the packet stays
 * queued for the next poll. Found by {@code RelayIT} over polling.
 */
final class CompletePacketEncoder extends PacketEncoder {
    private static final byte RECORD_SEPARATOR = 0x1e;

    CompletePacketEncoder(Configuration configuration, JsonSupport jsonSupport) {
        super(configuration, jsonSupport);
    }

    @Override
    public void encodePackets(Queue<Packet> packets, ByteBuf buffer, ByteBufAllocator allocator, int limit)
            throws IOException {
        boolean preceded = false;
        for (int encoded = 0; encoded < limit; encoded++) {
            Packet packet = packets.poll();
            if (packet == null) {
                return;
            }
            // Engine.IO 3 and 4 separate packets in one polling payload with 0x1e.
            boolean separated = packet.getEngineIOVersion() == EngineIOVersion.V4
                    || packet.getEngineIOVersion() == EngineIOVersion.V3;
            if (preceded && separated) {
                buffer.writeByte(RECORD_SEPARATOR);
            }
            encodePacket(packet, buffer, allocator, false);
            for (ByteBuf attachment : packet.getAttachments()) {
                buffer.writeByte(1);
                buffer.writeBytes(longToBytes(attachment.readableBytes() + 1));
                buffer.writeByte(0xff);
                buffer.writeByte(4);
                buffer.writeBytes(attachment);
            }
            preceded = true;
        }
    }
}
