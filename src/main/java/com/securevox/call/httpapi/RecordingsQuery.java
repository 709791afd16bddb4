package com.securevox.call.httpapi;

import com.securevox.call.call.Ids;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The query of {@code GET /api/recordings}: {@code sessionId} (one call's recordings) and {@code limit} (1 to 100,
 * default 50). Anything else, repeated or malformed is refused naming the parameter.
 */
record RecordingsQuery(Optional<String> sessionId, int limit) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;
    private static final List<String> KNOWN = List.of("sessionId", "limit");

    RecordingsQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: 1 to " + MAX_LIMIT + ")");
        }
    }

    static RecordingsQuery parse(Map<String, List<String>> query) {
        QueryParameters parameters = QueryParameters.of(query, KNOWN);
        Optional<String> sessionId = parameters.single("sessionId");
        sessionId.ifPresent(id -> {
            if (!Ids.isValid(id)) {
                throw QueryParameters.invalid(Ids.problem("sessionId", id));
            }
        });
        return new RecordingsQuery(sessionId, parameters.limit(DEFAULT_LIMIT, MAX_LIMIT));
    }
}
