package com.securevox.call.httpapi;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Any query string the transport can decode either becomes a valid recordings query (a valid session id, a limit from
 * 1 to 100) or is refused with INVALID_QUERY and a message.
 */
class RecordingsQueryFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void parsesOrRefuses(byte[] input) {
        Map<String, List<String>> parameters;
        try {
            parameters =
                    new QueryStringDecoder("/api/recordings?" + new String(input, StandardCharsets.UTF_8)).parameters();
        } catch (IllegalArgumentException e) {
            return; // malformed escapes: the transport answers 400 before the API sees the request
        }
        try {
            RecordingsQuery query = RecordingsQuery.parse(parameters);
            if (query.limit() < 1 || query.limit() > RecordingsQuery.MAX_LIMIT) {
                throw new AssertionError("accepted limit " + query.limit());
            }
            if (query.sessionId().isPresent()
                    && !com.securevox.call.call.Ids.isValid(query.sessionId().get())) {
                throw new AssertionError(
                        "accepted sessionId " + query.sessionId().get());
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
