package com.securevox.call.signaling;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A JSON string literal as a client sent it: its UTF-8 bytes, quotes and escapes included, already accepted by a strict
 * parser. Written out as it came (a relayed SDP is neither decoded nor escaped again, nor turned into characters and
 * back into bytes). Immutable.
 */
public final class JsonStringLiteral extends JsonText {
    private static final ObjectMapper STRINGS = new ObjectMapper();

    /** {@code start}: the literal's opening quote; {@code length}: both quotes included. */
    private JsonStringLiteral(byte[] data, int start, int length) {
        super(data, start, length);
    }

    /**
     * The literal from {@code data[from]} (its opening quote) to {@code data[to]} (its closing quote). Not copied:
     * {@code data} (a message as it was read, a few KB, short-lived) must not change afterwards.
     *
     * @throws IllegalArgumentException if the range does not start and end with a quote
     */
    public static JsonStringLiteral within(byte[] data, int from, int to) {
        if (from < 0 || to <= from || to >= data.length || data[from] != '"' || data[to] != '"') {
            throw new IllegalArgumentException("not a JSON string literal: bytes " + from + " to " + to);
        }
        return new JsonStringLiteral(data, from, to - from + 1);
    }

    /** The literal written as JSON text, for tests and messages. */
    public static JsonStringLiteral of(String json) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        return within(utf8, 0, utf8.length - 1);
    }

    /** The bytes between the quotes: never fewer than the characters of the decoded string. */
    public int contentBytes() {
        return length - 2;
    }

    /** The string the literal stands for. */
    public String decoded() {
        try {
            return STRINGS.readTree(data, start, length).asText();
        } catch (IOException e) {
            throw new UncheckedIOException("a JSON string literal the parser had accepted: not JSON", e);
        }
    }

    @Override
    public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
        if (gen instanceof UTF8JsonGenerator) {
            // Quotes around the content as it is: the generator writes the bytes without looking at them.
            gen.writeRawUTF8String(data, start + 1, length - 2);
        } else {
            // A generator of characters (a payload written as a string) cannot take UTF-8 bytes.
            gen.writeRawValue(json());
        }
    }

    @Override
    public String toString() {
        // What a literal holds (an SDP: ICE credentials, fingerprints) never reaches logs.
        return "JsonStringLiteral[" + length + " bytes]";
    }
}
