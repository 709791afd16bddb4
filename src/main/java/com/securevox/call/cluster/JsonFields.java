package com.securevox.call.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fields of one JSON object read strictly: each must be there with the expected JSON type, and {@link #finish}
 * refuses any field nobody asked for. Errors name the field as {@code <where>.<name>}.
 */
final class JsonFields {
    private final ObjectNode object;
    private final String where;
    private final Set<String> read = new HashSet<>();

    JsonFields(ObjectNode object, String where) {
        this.object = object;
        this.where = where;
    }

    String text(String name) throws RedisValueException {
        JsonNode value = field(name, "text");
        if (!value.isTextual()) {
            throw wrong(name, value, "text");
        }
        return value.textValue();
    }

    /** Text, or JSON {@code null} for none: the field itself must be there. */
    String textOrNull(String name) throws RedisValueException {
        JsonNode value = field(name, "text or null");
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrong(name, value, "text or null");
        }
        return value.textValue();
    }

    boolean bool(String name) throws RedisValueException {
        JsonNode value = field(name, "true or false");
        if (!value.isBoolean()) {
            throw wrong(name, value, "true or false");
        }
        return value.booleanValue();
    }

    long positive(String name) throws RedisValueException {
        JsonNode value = field(name, "a whole number from 1");
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 1) {
            throw wrong(name, value, "a whole number from 1 to " + Long.MAX_VALUE);
        }
        return value.longValue();
    }

    /** A JSON array. */
    ArrayNode array(String name) throws RedisValueException {
        JsonNode value = field(name, "an array");
        if (!(value instanceof ArrayNode array)) {
            throw wrong(name, value, "an array");
        }
        return array;
    }

    /** What the errors name: the message's type. */
    String where() {
        return where;
    }

    long nonNegative(String name) throws RedisValueException {
        JsonNode value = field(name, "a whole number from 0");
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw wrong(name, value, "a whole number from 0 to " + Long.MAX_VALUE);
        }
        return value.longValue();
    }

    /** The field's text, as one of {@code names}. */
    String oneOf(String name, List<String> names) throws RedisValueException {
        String value = text(name);
        if (!names.contains(value)) {
            throw new RedisValueException(
                    where + "." + name + ": " + InboxCodec.shown(value) + " (expected: one of " + names + ")");
        }
        return value;
    }

    /** Refuses the fields that were not read. */
    void finish() throws RedisValueException {
        Set<String> extra = new TreeSet<>();
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!read.contains(name)) {
                extra.add(InboxCodec.shown(name));
            }
        }
        if (!extra.isEmpty()) {
            throw new RedisValueException(
                    where + ": unexpected fields " + extra + " (expected only: " + new TreeSet<>(read) + ")");
        }
    }

    /**
     * A domain constructor refused the values: its message names the field, and may quote the value as it was, so
     * anything unprintable in it is replaced to keep the log line one line.
     */
    RedisValueException invalid(RuntimeException e) {
        StringBuilder message = new StringBuilder(where).append('.');
        String.valueOf(e.getMessage())
                .codePoints()
                .forEach(c -> message.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return new RedisValueException(message.toString());
    }

    private JsonNode field(String name, String expected) throws RedisValueException {
        read.add(name);
        JsonNode value = object.get(name);
        if (value == null) {
            throw new RedisValueException(where + "." + name + ": missing (expected: " + expected + ")");
        }
        return value;
    }

    private RedisValueException wrong(String name, JsonNode value, String expected) {
        String kind = value.isTextual()
                ? "the text " + InboxCodec.shown(value.textValue())
                : value.isNumber()
                        ? "the number " + InboxCodec.shown(value.asText())
                        : value.getNodeType().name().toLowerCase(Locale.ROOT);
        return new RedisValueException(where + "." + name + ": " + kind + " (expected: " + expected + ")");
    }
}
