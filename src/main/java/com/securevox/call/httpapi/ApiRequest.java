package com.securevox.call.httpapi;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as the API sees it, independent of the server library.
 *
 * @param headers header names in lower case
 */
public record ApiRequest(String method, String path, Map<String, String> headers, byte[] body, String remoteAddress) {
    public ApiRequest {
        headers = Map.copyOf(headers);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
