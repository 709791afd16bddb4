package com.securevox.call.transport;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * Socket.IO 5's packet format, {@code <type>[<attachments>-][<namespace>,][<ack id>][<JSON>]}, decoded strictly: a
 * packet that does not follow it, or whose payload is not what its type allows, is a {@link ProtocolViolation}. JSON
 * is strict too: duplicate keys and content after the document are refused.
 */
final class SocketIoCodec {
    /** Socket.IO's own limit on attachments is none; ours keeps a client from making us wait for thousands. */
    static final int MAX_ATTACHMENTS = 16;

    private static final long MAX_ACK_ID = Integer.MAX_VALUE;
    private static final ObjectReader JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build()
            .reader();

    private SocketIoCodec() {}

    static SocketIoPacket decode(String text) throws ProtocolViolation {
        if (text.isEmpty()) {
            throw new ProtocolViolation("Socket.IO packet: empty (expected: a type digit)");
        }
        SocketIoPacketType type = SocketIoPacketType.of(text.charAt(0));
        int i = 1;
        int attachments = 0;
        if (type.binary()) {
            int dash = text.indexOf('-', i);
            if (dash < 0) {
                throw new ProtocolViolation("Socket.IO binary packet: no attachment count (expected: <count>-)");
            }
            attachments = (int) digits(text, i, dash, "attachment count", MAX_ATTACHMENTS);
            if (attachments < 1) {
                throw new ProtocolViolation("attachment count: 0 (expected: 1 to " + MAX_ATTACHMENTS + ")");
            }
            i = dash + 1;
        }
        String namespace = SocketIoPacket.MAIN_NAMESPACE;
        if (i < text.length() && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            int end = comma < 0 ? text.length() : comma;
            namespace = text.substring(i, end);
            i = comma < 0 ? end : comma + 1;
        }
        long ackId = -1;
        int digitsEnd = i;
        while (digitsEnd < text.length() && Character.isDigit(text.charAt(digitsEnd))) {
            digitsEnd++;
        }
        if (digitsEnd > i) {
            ackId = digits(text, i, digitsEnd, "ack id", MAX_ACK_ID);
            i = digitsEnd;
        }
        JsonNode data = i < text.length() ? json(text, i) : null;
        SocketIoPacket packet = new SocketIoPacket(type, namespace, ackId, data, attachments);
        checkPayload(packet);
        return packet;
    }

    private static long digits(String text, int from, int to, String what, long max) throws ProtocolViolation {
        if (to == from || to - from > 10) {
            throw new ProtocolViolation(what + ": '" + text.substring(from, to) + "' (expected: 0 to " + max + ")");
        }
        long value = 0;
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (c < '0' || c > '9') {
                throw new ProtocolViolation(what + ": '" + text.substring(from, to) + "' (expected: digits)");
            }
            value = value * 10 + (c - '0');
        }
        if (value > max) {
            throw new ProtocolViolation(what + ": " + value + " (expected: 0 to " + max + ")");
        }
        return value;
    }

    /** The JSON document that is the rest of {@code text} from {@code from}: read in place, not copied out first. */
    private static JsonNode json(String text, int from) throws ProtocolViolation {
        try {
            char[] chars = new char[text.length() - from];
            text.getChars(from, text.length(), chars, 0);
            try (JsonParser parser = new RawSdpParser(JSON.createParser(chars, 0, chars.length), text, from)) {
                JsonNode tree = JSON.readTree(parser);
                if (tree == null) {
                    throw new ProtocolViolation("Socket.IO payload: not valid JSON (no content)");
                }
                return tree;
            }
        } catch (JsonProcessingException e) {
            throw new ProtocolViolation("Socket.IO payload: not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new ProtocolViolation("Socket.IO payload: not readable (" + e.getMessage() + ")");
        }
    }

    private static void checkPayload(SocketIoPacket p) throws ProtocolViolation {
        JsonNode data = p.data();
        switch (p.type()) {
            case CONNECT -> {
                if (data != null && !data.isObject()) {
                    throw new ProtocolViolation("CONNECT payload: " + data.getNodeType() + " (expected: an object)");
                }
            }
            case DISCONNECT -> {
                if (data != null) {
                    throw new ProtocolViolation("DISCONNECT payload: present (expected: none)");
                }
            }
            case EVENT, BINARY_EVENT -> {
                if (data == null
                        || !data.isArray()
                        || data.isEmpty()
                        || !data.get(0).isTextual()) {
                    throw new ProtocolViolation("EVENT payload: " + (data == null ? "missing" : data.getNodeType())
                            + " (expected: an array starting with the event name)");
                }
            }
            case ACK, BINARY_ACK -> {
                if (data == null || !data.isArray() || !p.wantsAck()) {
                    throw new ProtocolViolation(
                            "ACK: " + (p.wantsAck() ? "payload not an array" : "no ack id") + " (expected: <id>[…])");
                }
            }
            case CONNECT_ERROR ->
                throw new ProtocolViolation("CONNECT_ERROR: sent by a client (expected: only from the server)");
        }
    }
}
