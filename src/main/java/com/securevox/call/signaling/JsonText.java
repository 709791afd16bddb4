package com.securevox.call.signaling;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON as a client sent it: a range of the UTF-8 bytes of its message, already accepted by a strict parser, written
 * out as it came instead of being decoded and encoded again. Not copied: the message (as it was read, short-lived)
 * must not change afterwards. Two are equal when they are of one kind and hold the same bytes.
 */
public abstract sealed class JsonText implements JsonSerializable permits JsonStringLiteral, RawJson {
    final byte[] data;
    /** Where the text begins in {@code data}. */
    final int start;
    /** Its length in bytes. */
    final int length;

    JsonText(byte[] data, int start, int length) {
        this.data = data;
        this.start = start;
        this.length = length;
    }

    /** The JSON text. */
    public String json() {
        return new String(data, start, length, StandardCharsets.UTF_8);
    }

    @Override
    public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer)
            throws IOException {
        serialize(gen, serializers);
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof JsonText other
                && other.getClass() == getClass()
                && Arrays.equals(data, start, start + length, other.data, other.start, other.start + other.length);
    }

    @Override
    public final int hashCode() {
        int hash = 1;
        for (int i = start; i < start + length; i++) {
            hash = 31 * hash + data[i];
        }
        return hash;
    }
}
