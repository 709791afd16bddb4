package com.securevox.call.httpapi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A response: status, the serialised body and the headers that depend on what the body is (content type,
 * caching, validators). The transport adds framing headers (length, keep-alive, CORS).
 *
 * @param headers header names in lower case
 * @param file a file's bytes to stream as the body instead of {@code body} (then empty)
 * @param events Server-Sent Events to stream as the body instead of {@code body} (then empty)
 * @param stream bytes from elsewhere (another node) to relay as the body instead of {@code body} (then empty)
 */
public record ApiResponse(
        int status,
        byte[] body,
        Map<String, String> headers,
        Optional<FileBody> file,
        Optional<EventStream> events,
        Optional<StreamBody> stream) {
    static final String JSON = "application/json; charset=utf-8";

    public ApiResponse {
        Objects.requireNonNull(body, "body: null (expected: bytes, empty for none)");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(file, "file: null (expected: a file body or empty)");
        if (file.isPresent() && body.length > 0) {
            throw new IllegalArgumentException("body: " + body.length + " bytes with a file (expected: one of them)");
        }
        Objects.requireNonNull(events, "events: null (expected: an event stream or empty)");
        if (events.isPresent() && (body.length > 0 || file.isPresent())) {
            throw new IllegalArgumentException("events: with another body (expected: one of them)");
        }
        Objects.requireNonNull(stream, "stream: null (expected: a relayed body or empty)");
        if (stream.isPresent() && (body.length > 0 || file.isPresent() || events.isPresent())) {
            throw new IllegalArgumentException("stream: with another body (expected: one of them)");
        }
    }

    /** Bytes in memory, a file or events as the body. */
    public ApiResponse(
            int status,
            byte[] body,
            Map<String, String> headers,
            Optional<FileBody> file,
            Optional<EventStream> events) {
        this(status, body, headers, file, events, Optional.empty());
    }

    /** Bytes in memory or a file as the body. */
    public ApiResponse(int status, byte[] body, Map<String, String> headers, Optional<FileBody> file) {
        this(status, body, headers, file, Optional.empty());
    }

    /** Bytes in memory as the body. */
    public ApiResponse(int status, byte[] body, Map<String, String> headers) {
        this(status, body, headers, Optional.empty());
    }

    /** A JSON body, never cached: API answers describe the server's state at this moment. */
    public ApiResponse(int status, byte[] body) {
        this(status, body, Map.of("content-type", JSON, "cache-control", "no-store"));
    }

    /** A part of a file as the body, streamed by the transport. */
    static ApiResponse file(int status, Map<String, String> headers, FileBody file) {
        return new ApiResponse(status, new byte[0], headers, Optional.of(file));
    }

    /** Server-Sent Events as the body, streamed by the transport until the client goes. */
    static ApiResponse events(Map<String, String> headers, EventStream events) {
        return new ApiResponse(200, new byte[0], headers, Optional.empty(), Optional.of(events));
    }

    /** Bytes relayed from elsewhere as the body, streamed by the transport. */
    static ApiResponse stream(int status, Map<String, String> headers, StreamBody stream) {
        return new ApiResponse(status, new byte[0], headers, Optional.empty(), Optional.empty(), Optional.of(stream));
    }

    /** The body's length: the file part's, the relayed body's, or the bytes'. */
    public long contentLength() {
        return file.map(FileBody::length)
                .or(() -> stream.map(StreamBody::length))
                .orElse((long) body.length);
    }
}
