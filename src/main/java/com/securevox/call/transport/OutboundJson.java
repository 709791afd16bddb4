package com.securevox.call.transport;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Socket.IO packets the server sends. Payloads are written with nulls: the contract has {@code metadata: null} and
 * {@code candidate: null}.
 *
 * <p>Events and acknowledgements are written straight to UTF-8 as whole Engine.IO message packets ({@code 42[…]},
 * {@code 43<id>[…]}): one pass of the JSON generator, no intermediate strings to concatenate and encode again. Should
 * the byte writer refuse a value (raw metadata text holding a lone surrogate, which it cannot encode), the packet is
 * written the way it always was: as a string, lone surrogates becoming {@code ?} when encoded.
 */
final class OutboundJson {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    private OutboundJson() {}

    /** The Engine.IO message {@code 42["event",payload]}, UTF-8. Serialised on the caller's thread. */
    static byte[] event(String event, Object payload) {
        try (ExactBytes out = new ExactBytes();
                JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeRaw("42");
            g.writeStartArray();
            g.writeString(event);
            JSON.writeValue(g, payload);
            g.writeEndArray();
            g.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            return utf8(EngineCodec.message("2[" + write(event) + "," + write(payload) + "]"));
        }
    }

    /** The Engine.IO message {@code 43<id>[payload]}, UTF-8. */
    static byte[] ack(long id, Object payload) {
        try (ExactBytes out = new ExactBytes();
                JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeRaw("43");
            g.writeRaw(Long.toString(id));
            g.writeStartArray();
            JSON.writeValue(g, payload);
            g.writeEndArray();
            g.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            return utf8(EngineCodec.message("3" + id + "[" + write(payload) + "]"));
        }
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "not serialisable as JSON: " + value.getClass().getName(), e);
        }
    }

    /** As Netty's encoder writes a string: lone surrogates become {@code ?}, as {@link String#getBytes} does too. */
    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The generator's bytes, kept in an array of their exact size: the generator buffers a packet and hands it over in
     * one write when flushed, so that array is the packet, with no growing blocks to join and copy again.
     */
    private static final class ExactBytes extends OutputStream {
        private byte[] bytes = new byte[0];
        private int length;

        @Override
        public void write(int b) {
            room(1);
            bytes[length++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            room(len);
            System.arraycopy(b, off, bytes, length, len);
            length += len;
        }

        private void room(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, length == 0 ? more : Math.max(length + more, bytes.length * 2));
            }
        }

        byte[] toByteArray() {
            return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
        }
    }
}
