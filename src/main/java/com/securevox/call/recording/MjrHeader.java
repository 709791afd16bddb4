package com.securevox.call.recording;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * What Janus says about one raw recording in its header (janus's record.c writes it, janus-pp-rec reads it): {@code
 * MJR00002}, a 16-bit big-endian length, then a JSON object with {@code t} ({@code a}udio, {@code v}ideo or {@code
 * d}ata), {@code c} (codec), {@code s} (created, µs since the epoch) and {@code u} (first packet written, µs).
 *
 * @param firstFrame when the first packet was written: where the stream starts in the call
 */
public record MjrHeader(Kind kind, String codec, Instant created, Instant firstFrame) {
    private static final byte[] MAGIC = "MJR00002".getBytes(StandardCharsets.US_ASCII);
    /** Janus writes a few hundred bytes; anything far larger is not a header. */
    private static final int MAX_HEADER = 8192;

    public enum Kind {
        AUDIO,
        VIDEO,
        DATA
    }

    public MjrHeader {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(firstFrame, "firstFrame");
    }

    /**
     * Reads the header from the start of a raw recording.
     *
     * @throws RecordingException naming what is wrong when it is not a header we can read
     */
    public static MjrHeader read(InputStream in, ObjectMapper json) throws RecordingException {
        try {
            DataInputStream data = new DataInputStream(in);
            byte[] magic = new byte[MAGIC.length];
            data.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new RecordingException("not a Janus recording: starts with "
                        + new String(magic, StandardCharsets.ISO_8859_1).replaceAll("\\P{Print}", "?")
                        + " (expected: MJR00002)");
            }
            int length = data.readUnsignedShort();
            if (length == 0 || length > MAX_HEADER) {
                throw new RecordingException("header length: " + length + " (expected: 1 to " + MAX_HEADER + ")");
            }
            byte[] header = new byte[length];
            data.readFully(header);
            JsonNode node;
            try {
                node = json.readTree(header);
            } catch (JsonProcessingException e) {
                // Jackson's message spans two lines with its source location: not for the recording's note.
                throw new RecordingException("header: not JSON (expected: a JSON object)");
            }
            if (node == null || !node.isObject()) {
                throw new RecordingException("header: not a JSON object");
            }
            Kind kind =
                    switch (text(node, "t")) {
                        case "a" -> Kind.AUDIO;
                        case "v" -> Kind.VIDEO;
                        case "d" -> Kind.DATA;
                        default ->
                            throw new RecordingException("header t: \"" + text(node, "t") + "\" (expected: a, v or d)");
                    };
            return new MjrHeader(kind, text(node, "c"), micros(node, "s"), micros(node, "u"));
        } catch (EOFException e) {
            throw new RecordingException("truncated before the end of its header");
        } catch (IOException e) {
            throw new RecordingException("header: " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) throws RecordingException {
        JsonNode value = node.get(field);
        if (value == null
                || !value.isTextual()
                || value.textValue().isEmpty()
                || value.textValue().length() > 64) {
            throw new RecordingException("header " + field + ": " + value + " (expected: a short string)");
        }
        return value.textValue();
    }

    private static Instant micros(JsonNode node, String field) throws RecordingException {
        JsonNode value = node.get(field);
        // 1e15 µs is 2001, 1e17 is 5138: a real clock is between them.
        if (value == null
                || !value.canConvertToLong()
                || !value.isIntegralNumber()
                || value.longValue() < 1_000_000_000_000_000L
                || value.longValue() > 100_000_000_000_000_000L) {
            throw new RecordingException(
                    "header " + field + ": " + value + " (expected: microseconds since the epoch)");
        }
        long micros = value.longValue();
        return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000);
    }
}
