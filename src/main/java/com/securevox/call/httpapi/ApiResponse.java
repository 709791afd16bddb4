package com.securevox.call.httpapi;

import java.util.Map;

/**
 * A response: status, the serialised body and the headers that depend on what the body is (content type,
 * caching, validators). The transport adds framing headers (length, keep-alive, CORS).
 *
 * @param headers header names in lower case
 */
public record ApiResponse(int status, byte[] body, Map<String, String> headers) {
    static final String JSON = "application/json; charset=utf-8";

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    /** A JSON body, never cached: API answers describe the server's state at this moment. */
    public ApiResponse(int status, byte[] body) {
        this(status, body, Map.of("content-type", JSON, "cache-control", "no-store"));
    }
}
