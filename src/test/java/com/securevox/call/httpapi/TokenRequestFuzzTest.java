package com.securevox.call.httpapi;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.call.Ids;

/** Any HTTP body either parses into a valid token request or is refused with a 400 and a message. */
class TokenRequestFuzzTest {
    private static final JsonBody JSON = new JsonBody(new ObjectMapper(), TokenRequest.EXAMPLE);

    @FuzzTest(maxDuration = "2m")
    void parsesOrRefuses(byte[] body) {
        try {
            TokenRequest request = TokenRequest.parse(JSON, body);
            if (!Ids.isValid(request.sessionId())
                    || request.userId().map(id -> !Ids.isValid(id)).orElse(false)) {
                throw new AssertionError("accepted invalid ids: " + request);
            }
        } catch (HttpApiException e) {
            if (e.error() != HttpError.INVALID_PAYLOAD
                    || e.getMessage() == null
                    || e.getMessage().isBlank()) {
                throw new AssertionError("unexpected refusal " + e.error() + ": " + e.getMessage(), e);
            }
        }
    }
}
