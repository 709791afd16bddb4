package com.securevox.call.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.securevox.call.ring.PushRing;
import java.io.IOException;

/**
 * How a push names the caller: the {@code name} (or {@code displayName}) string of the caller's metadata when there
 * is one, else the caller's userId; the handle is always the userId.
 */
record Caller(String name, String handle, ObjectNode metadata) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_NAME = 100;

    static Caller of(PushRing ring) {
        ObjectNode metadata = metadata(ring.metadataJson());
        String name = ring.fromUserId();
        for (String field : new String[] {"name", "displayName"}) {
            JsonNode value = metadata.get(field);
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                name = value.asText().strip();
                break;
            }
        }
        if (name.length() > MAX_NAME) {
            name = name.substring(0, MAX_NAME);
        }
        return new Caller(name, ring.fromUserId(), metadata);
    }

    private static ObjectNode metadata(String json) {
        try {
            return JSON.readTree(json) instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
        } catch (IOException e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }
}
