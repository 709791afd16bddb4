package com.securevox.call.transport;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One decoded Socket.IO packet.
 *
 * @param namespace {@code "/"} unless the packet named another
 * @param ackId the acknowledgement id, or -1 when none was asked for
 * @param data the JSON payload, or null when the packet had none
 * @param attachments how many binary attachments follow (binary packets only)
 */
record SocketIoPacket(SocketIoPacketType type, String namespace, long ackId, JsonNode data, int attachments) {
    static final String MAIN_NAMESPACE = "/";

    SocketIoPacket {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(namespace, "namespace");
    }

    boolean wantsAck() {
        return ackId >= 0;
    }
}
