package com.securevox.call.transport;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Socket.IO packets the server sends. Payloads are written with nulls: the contract has {@code metadata: null} and
 * {@code candidate: null}.
 *
 * <p>Events and acknowledgements are written straight to UTF-8, into pooled direct buffers, as whole Engine.IO message
 * packets ({@code 42[…]},
 * {@code 43<id>[…]}): one pass of the JSON generator, no intermediate strings to concatenate and encode again. Should
 * the byte writer refuse a value (raw metadata text holding a lone surrogate, which it cannot encode), the packet is
 * written the way it always was: as a string, lone surrogates becoming {@code ?} when encoded.
 */
final class OutboundJson {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    private OutboundJson() {}

    /**
     * The Engine.IO message {@code 42["event",payload]}, UTF-8, in a pooled direct buffer the caller must send or
     * release. Serialised on the caller's thread.
     */
    static ByteBuf event(String event, Object payload) {
        Buffered out = new Buffered();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeRaw("42");
            g.writeStartArray();
            g.writeString(event);
            JSON.writeValue(g, payload);
            g.writeEndArray();
            g.flush();
        } catch (IOException | RuntimeException e) {
            out.discard();
            return Unpooled.wrappedBuffer(utf8(EngineCodec.message("2[" + write(event) + "," + write(payload) + "]")));
        }
        return out.take();
    }

    /** The Engine.IO message {@code 43<id>[payload]}, UTF-8, as {@link #event}. */
    static ByteBuf ack(long id, Object payload) {
        Buffered out = new Buffered();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeRaw("43");
            g.writeRaw(Long.toString(id));
            g.writeStartArray();
            JSON.writeValue(g, payload);
            g.writeEndArray();
            g.flush();
        } catch (IOException | RuntimeException e) {
            out.discard();
            return Unpooled.wrappedBuffer(utf8(EngineCodec.message("3" + id + "[" + write(payload) + "]")));
        }
        return out.take();
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
     * The generator's bytes, in a pooled direct buffer of their size: the generator buffers a packet and hands it over
     * in one write when flushed. The socket writes that buffer as it is; a byte array would be garbage, and copied
     * into a direct buffer again on its way out.
     */
    private static final class Buffered extends OutputStream {
        private ByteBuf buffer;

        @Override
        public void write(int b) {
            room(1).writeByte(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            room(len).writeBytes(b, off, len);
        }

        private ByteBuf room(int more) {
            if (buffer == null) {
                buffer = ByteBufAllocator.DEFAULT.directBuffer(more);
            }
            return buffer.ensureWritable(more);
        }

        /** What was written; the caller owns it. */
        ByteBuf take() {
            ByteBuf written = buffer == null ? Unpooled.EMPTY_BUFFER : buffer;
            buffer = null;
            return written;
        }

        /** Releases what was written, after a failure. */
        void discard() {
            if (buffer != null) {
                buffer.release();
                buffer = null;
            }
        }
    }
}
