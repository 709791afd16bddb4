package com.securevox.call.transport;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

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
        return decode(text.getBytes(StandardCharsets.UTF_8), 0);
    }

    /**
     * The packet that is {@code data} from {@code from} on, valid UTF-8 (a websocket text frame, checked by Netty):
     * read as bytes, so the JSON is parsed without turning it into characters first.
     */
    static SocketIoPacket decode(byte[] data, int from) throws ProtocolViolation {
        if (from >= data.length) {
            throw new ProtocolViolation("Socket.IO packet: empty (expected: a type digit)");
        }
        SocketIoPacketType type = SocketIoPacketType.of(firstChar(data, from));
        int i = from + 1;
        int attachments = 0;
        if (type.binary()) {
            int dash = indexOf(data, '-', i);
            if (dash < 0) {
                throw new ProtocolViolation("Socket.IO binary packet: no attachment count (expected: <count>-)");
            }
            attachments = (int) digits(data, i, dash, "attachment count", MAX_ATTACHMENTS);
            if (attachments < 1) {
                throw new ProtocolViolation("attachment count: 0 (expected: 1 to " + MAX_ATTACHMENTS + ")");
            }
            i = dash + 1;
        }
        String namespace = SocketIoPacket.MAIN_NAMESPACE;
        if (i < data.length && data[i] == '/') {
            int comma = indexOf(data, ',', i);
            int end = comma < 0 ? data.length : comma;
            namespace = text(data, i, end);
            i = comma < 0 ? end : comma + 1;
        }
        long ackId = -1;
        int digitsEnd = i;
        while (digitsEnd < data.length && data[digitsEnd] >= '0' && data[digitsEnd] <= '9') {
            digitsEnd++;
        }
        if (digitsEnd > i) {
            ackId = digits(data, i, digitsEnd, "ack id", MAX_ACK_ID);
            i = digitsEnd;
        }
        JsonNode payload = i < data.length ? json(data, i) : null;
        SocketIoPacket packet = new SocketIoPacket(type, namespace, ackId, payload, attachments);
        checkPayload(packet);
        return packet;
    }

    /** The character at {@code from}: a byte, unless it starts a multi-byte sequence. */
    private static char firstChar(byte[] data, int from) {
        return data[from] >= 0
                ? (char) data[from]
                : text(data, from, data.length).charAt(0);
    }

    private static int indexOf(byte[] data, char c, int from) {
        for (int k = from; k < data.length; k++) {
            if (data[k] == c) {
                return k;
            }
        }
        return -1;
    }

    private static String text(byte[] data, int from, int to) {
        return new String(data, from, to - from, StandardCharsets.UTF_8);
    }

    private static long digits(byte[] data, int from, int to, String what, long max) throws ProtocolViolation {
        if (to == from || to - from > 10) {
            throw new ProtocolViolation(what + ": '" + text(data, from, to) + "' (expected: 0 to " + max + ")");
        }
        long value = 0;
        for (int k = from; k < to; k++) {
            byte c = data[k];
            if (c < '0' || c > '9') {
                throw new ProtocolViolation(what + ": '" + text(data, from, to) + "' (expected: digits)");
            }
            value = value * 10 + (c - '0');
        }
        if (value > max) {
            throw new ProtocolViolation(what + ": " + value + " (expected: 0 to " + max + ")");
        }
        return value;
    }

    /** The JSON document that is the rest of {@code data} from {@code from}: read in place, not copied out first. */
    private static JsonNode json(byte[] data, int from) throws ProtocolViolation {
        // Jackson guesses the encoding of bytes: a zero byte among the first four would read as UTF-16 or 32, and a
        // byte order mark would be skipped. Neither is JSON text a client may send (both were refused as characters).
        for (int k = from; k < Math.min(from + 4, data.length); k++) {
            if (data[k] == 0) {
                throw new ProtocolViolation("Socket.IO payload: not valid JSON (a NUL character)");
            }
        }
        if (data.length - from >= 3
                && data[from] == (byte) 0xEF
                && data[from + 1] == (byte) 0xBB
                && data[from + 2] == (byte) 0xBF) {
            throw new ProtocolViolation("Socket.IO payload: not valid JSON (a byte order mark)");
        }
        try (JsonParser parser = new RawSdpParser(JSON.createParser(data, from, data.length - from), data, from)) {
            JsonNode tree = JSON.readTree(parser);
            if (tree == null) {
                throw new ProtocolViolation("Socket.IO payload: not valid JSON (no content)");
            }
            return tree;
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
