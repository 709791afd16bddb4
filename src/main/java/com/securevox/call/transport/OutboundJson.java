package com.securevox.call.transport;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Socket.IO packets the server sends, as text. Payloads are written with nulls: the contract has {@code metadata: null}
 * and {@code candidate: null}.
 */
final class OutboundJson {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    private OutboundJson() {}

    /** {@code 2["event",payload]}. Serialised on the caller's thread, off the target socket's loop. */
    static String event(String event, Object payload) {
        StringBuilder packet = new StringBuilder(64).append("2[");
        quote(packet, event);
        return packet.append(',').append(write(payload)).append(']').toString();
    }

    /** {@code 3<id>[payload]}. */
    static String ack(long id, Object payload) {
        return "3" + id + "[" + write(payload) + "]";
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "not serialisable as JSON: " + value.getClass().getName(), e);
        }
    }

    private static void quote(StringBuilder out, String text) {
        out.append(write(text));
    }
}
