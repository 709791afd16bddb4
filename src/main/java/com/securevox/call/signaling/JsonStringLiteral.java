package com.securevox.call.signaling;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON string literal as a client sent it: its UTF-8 bytes, quotes and escapes included, already accepted by a strict
 * parser. Written out as it came (a relayed SDP is neither decoded nor escaped again, nor turned into characters and
 * back into bytes). Immutable.
 */
public final class JsonStringLiteral implements JsonSerializable {
    private static final ObjectMapper STRINGS = new ObjectMapper();

    private final byte[] utf8;

    private JsonStringLiteral(byte[] utf8) {
        this.utf8 = utf8;
    }

    /**
     * The literal from {@code data[from]} (its opening quote) to {@code data[to]} (its closing quote), copied.
     *
     * @throws IllegalArgumentException if the range does not start and end with a quote
     */
    public static JsonStringLiteral copyOf(byte[] data, int from, int to) {
        if (from < 0 || to <= from || to >= data.length || data[from] != '"' || data[to] != '"') {
            throw new IllegalArgumentException("not a JSON string literal: bytes " + from + " to " + to);
        }
        return new JsonStringLiteral(Arrays.copyOfRange(data, from, to + 1));
    }

    /** The literal written as JSON text, for tests and messages. */
    public static JsonStringLiteral of(String json) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        return copyOf(utf8, 0, utf8.length - 1);
    }

    /** The bytes between the quotes: never fewer than the characters of the decoded string. */
    public int contentBytes() {
        return utf8.length - 2;
    }

    /** The string the literal stands for. */
    public String decoded() {
        try {
            return STRINGS.readTree(utf8).asText();
        } catch (IOException e) {
            throw new UncheckedIOException("a JSON string literal the parser had accepted: not JSON", e);
        }
    }

    /** The literal's JSON text. */
    public String json() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
        if (gen instanceof UTF8JsonGenerator) {
            // Quotes around the content as it is: the generator writes the bytes without looking at them.
            gen.writeRawUTF8String(utf8, 1, utf8.length - 2);
        } else {
            // A generator of characters (a payload written as a string) cannot take UTF-8 bytes.
            gen.writeRawValue(json());
        }
    }

    @Override
    public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer)
            throws IOException {
        serialize(gen, serializers);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonStringLiteral other && Arrays.equals(utf8, other.utf8);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(utf8);
    }

    @Override
    public String toString() {
        // What a literal holds (an SDP: ICE credentials, fingerprints) never reaches logs.
        return "JsonStringLiteral[" + utf8.length + " bytes]";
    }
}
