package com.securevox.call.signaling;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A JSON value as UTF-8 bytes, already accepted by a strict parser, written into every message that carries it as
 * those bytes: an in-call message's payload as the client sent it (the transport keeps an object or array raw), or as
 * the decoder serialised it once. Nothing walks or encodes it again per recipient. Immutable.
 */
public final class RawJson extends JsonText {
    private static final ObjectMapper TREES = new ObjectMapper();

    private RawJson(byte[] data, int start, int length) {
        super(data, start, length);
    }

    /**
     * The object or array from {@code data[from]} (its opening bracket) to {@code data[to]} (its closing one). Not
     * copied: {@code data} (a message as it was read, short-lived) must not change afterwards.
     *
     * @throws IllegalArgumentException if the range does not start and end with matching brackets
     */
    public static RawJson within(byte[] data, int from, int to) {
        if (from < 0 || to <= from || to >= data.length || !brackets(data[from], data[to])) {
            throw new IllegalArgumentException("not a JSON object or array: bytes " + from + " to " + to);
        }
        return new RawJson(data, from, to - from + 1);
    }

    /** Compact JSON as the server's own mapper wrote it. */
    static RawJson of(byte[] json) {
        return new RawJson(json, 0, json.length);
    }

    private static boolean brackets(byte open, byte close) {
        return (open == '{' && close == '}') || (open == '[' && close == ']');
    }

    /** Its size in UTF-8 bytes, as it will be sent. */
    public int bytes() {
        return length;
    }

    /** The value it stands for. */
    public JsonNode decoded() {
        try {
            return TREES.readTree(data, start, length);
        } catch (IOException e) {
            throw new UncheckedIOException("JSON the parser had accepted: not JSON", e);
        }
    }

    @Override
    public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
        gen.writeRawValue(new Utf8());
    }

    @Override
    public String toString() {
        // What apps send each other is theirs: never logged.
        return "RawJson[" + length + " bytes]";
    }

    /**
     * The bytes as Jackson's raw text: a UTF-8 generator (the transport's) copies them as they are; the rest, which a
     * raw value never needs, goes through the decoded text.
     */
    private final class Utf8 implements SerializableString {
        private SerializedString text;

        private SerializedString text() {
            return text == null ? text = new SerializedString(json()) : text;
        }

        @Override
        public String getValue() {
            return json();
        }

        @Override
        public int charLength() {
            return text().charLength();
        }

        @Override
        public char[] asQuotedChars() {
            return text().asQuotedChars();
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return Arrays.copyOfRange(data, start, start + length);
        }

        @Override
        public byte[] asQuotedUTF8() {
            return text().asQuotedUTF8();
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            return text().appendQuotedUTF8(buffer, offset);
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            return text().appendQuoted(buffer, offset);
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + length > buffer.length) {
                return -1;
            }
            System.arraycopy(data, start, buffer, offset, length);
            return length;
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            return text().appendUnquoted(buffer, offset);
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) throws IOException {
            return text().writeQuotedUTF8(out);
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(data, start, length);
            return length;
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) throws IOException {
            return text().putQuotedUTF8(buffer);
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) throws IOException {
            if (length > buffer.remaining()) {
                return -1;
            }
            buffer.put(data, start, length);
            return length;
        }
    }
}
