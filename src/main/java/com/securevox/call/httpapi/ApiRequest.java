package com.securevox.call.httpapi;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as the API sees it, independent of the server library.
 *
 * @param headers header names in lower case
 * @param query the decoded query parameters, each with every value it was given
 */
public record ApiRequest(
        String method,
        String path,
        Map<String, String> headers,
        byte[] body,
        String remoteAddress,
        Map<String, List<String>> query) {
    public ApiRequest {
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
    }

    /** A request without query parameters. */
    public ApiRequest(String method, String path, Map<String, String> headers, byte[] body, String remoteAddress) {
        this(method, path, headers, body, remoteAddress, Map.of());
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
