package com.securevox.call.janus;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Strict reads of the fields of a JSON object received from Janus. Each refusal is a {@link JanusProtocolException}
 * naming the field's path ({@code plugindata.data.publishers[0].id}), what it was and what was expected. Fields we do
 * not read are ignored: Janus adds fields between versions (and {@code opaque_id} on demand), and none of them can
 * change the meaning of the ones we read.
 */
final class StrictJson {
    private static final int QUOTE = 40;

    private final JsonNode object;
    private final String path;

    private StrictJson(JsonNode object, String path) {
        this.object = object;
        this.path = path;
    }

    /** {@code node}, which must be a JSON object, read at {@code path} ("" for the top level). */
    static StrictJson of(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new JanusProtocolException(
                    (path.isEmpty() ? "message" : path) + ": " + kindOf(node) + " (expected: a JSON object)");
        }
        return new StrictJson(node, path);
    }

    boolean has(String field) {
        JsonNode value = object.get(field);
        return value != null && !value.isNull();
    }

    StrictJson object(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw missing(field, "a JSON object");
        }
        return of(value, name(field));
    }

    Optional<StrictJson> optionalObject(String field) {
        return has(field) ? Optional.of(object(field)) : Optional.empty();
    }

    String text(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw missing(field, "a string");
        }
        if (!value.isTextual()) {
            throw wrong(field, value, "a string");
        }
        return value.asText();
    }

    Optional<String> optionalText(String field) {
        return has(field) ? Optional.of(text(field)) : Optional.empty();
    }

    /** An id string, with the hint Janus needs to send one when it sends a number instead. */
    String id(String field) {
        JsonNode value = object.get(field);
        if (value != null && value.isNumber()) {
            throw wrong(field, value, "a string; the adapter needs string_ids = true in janus.plugin.videoroom.jcfg");
        }
        return text(field);
    }

    /** Janus's session, handle and private ids: integers from 1 to 2^63-1. */
    long positiveLong(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw missing(field, "a positive integer");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() <= 0) {
            throw wrong(field, value, "a positive integer");
        }
        return value.asLong();
    }

    OptionalLong optionalPositiveLong(String field) {
        return has(field) ? OptionalLong.of(positiveLong(field)) : OptionalLong.empty();
    }

    int integer(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw missing(field, "an integer");
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw wrong(field, value, "an integer");
        }
        return value.asInt();
    }

    long longValue(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw missing(field, "an integer");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrong(field, value, "an integer");
        }
        return value.asLong();
    }

    double number(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw missing(field, "a number");
        }
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw wrong(field, value, "a number");
        }
        return value.asDouble();
    }

    boolean bool(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw missing(field, "true or false");
        }
        if (!value.isBoolean()) {
            throw wrong(field, value, "true or false");
        }
        return value.asBoolean();
    }

    /** A boolean Janus leaves out when false. */
    boolean flag(String field) {
        return has(field) && bool(field);
    }

    List<StrictJson> objects(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw missing(field, "an array of objects");
        }
        if (!value.isArray()) {
            throw wrong(field, value, "an array of objects");
        }
        List<StrictJson> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            items.add(of(value.get(i), name(field) + "[" + i + "]"));
        }
        return items;
    }

    /** The names of an object's fields (Janus lists plugins and transports as the keys of an object). */
    List<String> keys(String field) {
        List<String> keys = new ArrayList<>();
        object(field).object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    JsonNode node() {
        return object;
    }

    String path() {
        return path;
    }

    JanusProtocolException missing(String field, String expected) {
        return new JanusProtocolException(name(field) + ": missing (expected: " + expected + ")");
    }

    JanusProtocolException wrong(String field, JsonNode value, String expected) {
        return new JanusProtocolException(name(field) + ": " + kindOf(value) + " (expected: " + expected + ")");
    }

    private String name(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** What a value is, for a message: its kind, and a short quote of a string or number. */
    static String kindOf(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "missing";
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            return "'" + quote(value.asText()) + "'";
        }
        if (value.isNumber()) {
            return quote(value.asText());
        }
        if (value.isBoolean()) {
            return value.asText();
        }
        return value.isArray() ? "an array" : "an object";
    }

    /** At most the first characters of {@code text}, control characters replaced, so a log line stays one line. */
    static String quote(String text) {
        return quote(text, QUOTE);
    }

    static String quote(String text, int max) {
        String head = text.length() <= max ? text : text.substring(0, max);
        StringBuilder quoted = new StringBuilder(head.length() + 3);
        head.chars().forEach(c -> quoted.append(c < 0x20 || c == 0x7f ? '?' : (char) c));
        return text.length() <= max ? quoted.toString() : quoted.append("...").toString();
    }
}
