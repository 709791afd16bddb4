package com.securevox.call.httpapi;

import com.securevox.call.call.Ids;
import com.securevox.call.store.CallQuery;
import com.securevox.call.store.CallRecord;
import com.securevox.call.store.Cursor;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the query of {@code GET /api/calls}: {@code userId}, {@code from} and {@code to} (epoch milliseconds or
 * ISO-8601 instants such as {@code 2026-01-01T00:00:00Z}), {@code media} ({@code mesh} or {@code sfu}), {@code limit}
 * (1 to 200, default 50) and the opaque {@code cursor} of a previous page. Anything else, repeated or malformed is
 * refused naming the parameter.
 */
final class CallsQuery {
    private static final List<String> KNOWN = List.of("userId", "from", "to", "media", "limit", "cursor");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,15}");

    private CallsQuery() {}

    static CallQuery parse(Map<String, List<String>> query) {
        QueryParameters parameters = QueryParameters.of(query, KNOWN);
        Optional<String> userId = parameters.single("userId");
        userId.ifPresent(id -> {
            if (!Ids.isValid(id)) {
                throw invalid(Ids.problem("userId", id));
            }
        });
        Optional<Instant> from = parameters.single("from").map(value -> instant("from", value));
        Optional<Instant> to = parameters.single("to").map(value -> instant("to", value));
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw invalid("to: " + to.get() + " (expected: after from, " + from.get() + ")");
        }
        Optional<String> media = parameters.single("media").map(CallsQuery::media);
        int limit = parameters.limit(CallQuery.DEFAULT_LIMIT, CallQuery.MAX_LIMIT);
        Optional<Cursor> cursor = parameters.single("cursor").map(token -> Cursor.parse(token)
                .orElseThrow(() -> invalid(
                        "cursor: " + shown(token) + " (expected: the nextCursor of a previous page, unchanged)")));
        return new CallQuery(userId, from, to, media, limit, cursor);
    }

    private static Instant instant(String name, String value) {
        try {
            if (DIGITS.matcher(value).matches()) {
                return Instant.ofEpochMilli(Long.parseLong(value));
            }
            return Instant.parse(value);
        } catch (DateTimeException | NumberFormatException e) {
            throw invalid(name + ": " + shown(value)
                    + " (expected: epoch milliseconds or an ISO-8601 instant such as 2026-01-01T00:00:00Z)");
        }
    }

    private static String media(String value) {
        if (!CallRecord.MEDIA.contains(value)) {
            throw invalid("media: " + shown(value) + " (expected: mesh or sfu)");
        }
        return value;
    }

    private static HttpApiException invalid(String message) {
        return QueryParameters.invalid(message);
    }

    private static String shown(String value) {
        return QueryParameters.shown(value);
    }
}
