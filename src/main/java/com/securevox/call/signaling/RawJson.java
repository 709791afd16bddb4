package com.securevox.call.signaling;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;
import java.util.Objects;

/**
 * A JSON value serialised once, written into every message that carries it as it is. An in-call message to everyone
 * is written once per recipient: the tree is walked and encoded once, and each recipient's packet copies its UTF-8
 * bytes ({@link SerializedString} encodes them on first use and keeps them). Immutable.
 */
public final class RawJson implements JsonSerializable {
    private final SerializedString json;
    private final int bytes;

    /** @param json compact JSON text, as the server's own mapper wrote it; {@code bytes} its UTF-8 length */
    RawJson(String json, int bytes) {
        this.json = new SerializedString(Objects.requireNonNull(json, "json: null (expected: JSON text)"));
        this.bytes = bytes;
    }

    /** The JSON text. */
    public String json() {
        return json.getValue();
    }

    /** Its size in UTF-8 bytes. */
    public int bytes() {
        return bytes;
    }

    @Override
    public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
        gen.writeRawValue(json);
    }

    @Override
    public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer)
            throws IOException {
        serialize(gen, serializers);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawJson other && json.getValue().equals(other.json.getValue());
    }

    @Override
    public int hashCode() {
        return json.getValue().hashCode();
    }

    @Override
    public String toString() {
        return "RawJson[" + bytes + " bytes]";
    }
}
