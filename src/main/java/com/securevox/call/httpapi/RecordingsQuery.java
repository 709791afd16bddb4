package com.securevox.call.httpapi;

import com.securevox.call.call.Ids;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The query of {@code GET /api/recordings}: {@code sessionId} (one call's recordings) and {@code limit} (1 to 100,
 * default 50). Anything else, repeated or malformed is refused naming the parameter.
 */
record RecordingsQuery(Optional<String> sessionId, int limit) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;
    private static final Set<String> KNOWN = Set.of("sessionId", "limit");
    private static final Pattern LIMIT = Pattern.compile("[0-9]{1,4}");

    RecordingsQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: 1 to " + MAX_LIMIT + ")");
        }
    }

    static RecordingsQuery parse(Map<String, List<String>> query) {
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            if (!KNOWN.contains(parameter.getKey())) {
                throw invalid(shown(parameter.getKey()) + ": unknown parameter (expected: sessionId or limit)");
            }
            if (parameter.getValue().size() != 1) {
                throw invalid(
                        parameter.getKey() + ": given " + parameter.getValue().size() + " times (expected: once)");
            }
        }
        Optional<String> sessionId = Optional.ofNullable(query.get("sessionId")).map(List::getFirst);
        sessionId.ifPresent(id -> {
            if (!Ids.isValid(id)) {
                throw invalid(Ids.problem("sessionId", id));
            }
        });
        int limit = Optional.ofNullable(query.get("limit"))
                .map(List::getFirst)
                .map(RecordingsQuery::limit)
                .orElse(DEFAULT_LIMIT);
        return new RecordingsQuery(sessionId, limit);
    }

    private static int limit(String value) {
        if (LIMIT.matcher(value).matches()) {
            int parsed = Integer.parseInt(value);
            if (parsed >= 1 && parsed <= MAX_LIMIT) {
                return parsed;
            }
        }
        throw invalid("limit: " + shown(value) + " (expected: an integer from 1 to " + MAX_LIMIT + ")");
    }

    private static HttpApiException invalid(String message) {
        return new HttpApiException(HttpError.INVALID_QUERY, message);
    }

    private static String shown(String value) {
        return "'" + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'";
    }
}
