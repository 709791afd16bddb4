package com.securevox.call.signaling;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON text of what crosses between nodes: a client's event payload (edge to owner) and what a socket is sent or
 * acknowledged (owner to edge). Written as the transport writes a socket's packets, nulls included, a {@link JsonText}
 * as its bytes; read back strictly, as the transport reads a client's packets, since another node's inbox is outside
 * input like a socket.
 */
final class NodeJson {
    /** A client event sent without a payload: distinct from an explicit {@code null}. */
    static final String ABSENT = "";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private NodeJson() {}

    /** {@code value} as compact JSON; {@link #ABSENT} for a Java null (an event without a payload). */
    static String write(Object value) {
        if (value == null) {
            return ABSENT;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "not serialisable as JSON: " + value.getClass().getName(), e);
        }
    }

    /** A client event's payload from its text: null for {@link #ABSENT}. */
    static JsonNode read(String text) throws JsonProcessingException {
        return text.isEmpty() ? null : JSON.readTree(text);
    }

    /**
     * The text as a value to write into a socket's packet as it is, once checked to be exactly one JSON value (what a
     * client is sent must parse whatever another node wrote).
     *
     * @throws IllegalArgumentException when it is not
     */
    static RawJson raw(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (JsonParser parser = JSON.getFactory().createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("not a JSON object or array: " + first);
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("content after the JSON value");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        return RawJson.of(bytes);
    }
}
