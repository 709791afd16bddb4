package com.securevox.call.httpapi;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.securevox.call.store.CallQuery;
import com.securevox.call.store.Cursor;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Any query string the transport can decode (it refuses malformed escapes itself) either becomes a valid history query or is refused
 * with INVALID_QUERY and a message; a cursor it accepts always survives a round trip.
 */
class CallsQueryFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void parsesOrRefuses(byte[] input) {
        String uri = "/api/calls?" + new String(input, StandardCharsets.UTF_8);
        java.util.Map<String, java.util.List<String>> parameters;
        try {
            parameters = new QueryStringDecoder(uri).parameters();
        } catch (IllegalArgumentException e) {
            return; // malformed escapes: the transport answers 400 before the API sees the request
        }
        try {
            CallQuery query = CallsQuery.parse(parameters);
            query.cursor().ifPresent(cursor -> {
                if (!Cursor.parse(cursor.token()).equals(java.util.Optional.of(cursor))) {
                    throw new AssertionError("cursor does not round-trip: " + cursor);
                }
            });
            if (query.from().isPresent()
                    && query.to().isPresent()
                    && !query.from().get().isBefore(query.to().get())) {
                throw new AssertionError("accepted an empty range: " + query);
            }
        } catch (HttpApiException e) {
            if (e.error() != HttpError.INVALID_QUERY
                    || e.getMessage() == null
                    || e.getMessage().isBlank()) {
                throw new AssertionError("unexpected refusal " + e.error() + ": " + e.getMessage(), e);
            }
        }
    }
}
