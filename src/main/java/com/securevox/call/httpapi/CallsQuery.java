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
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the query of {@code GET /api/calls}: {@code userId}, {@code from} and {@code to} (epoch milliseconds or
 * ISO-8601 instants such as {@code 2026-01-01T00:00:00Z}), {@code media} ({@code mesh} or {@code sfu}), {@code limit}
 * (1 to 200, default 50) and the opaque {@code cursor} of a previous page. Anything else, repeated or malformed is
 * refused naming the parameter.
 */
final class CallsQuery {
    private static final Set<String> KNOWN = Set.of("userId", "from", "to", "media", "limit", "cursor");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,15}");
    private static final int SHOWN_MAX = 40;

    private CallsQuery() {}

    static CallQuery parse(Map<String, List<String>> query) {
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            if (!KNOWN.contains(parameter.getKey())) {
                throw invalid(shown(parameter.getKey())
                        + ": unknown parameter (expected: userId, from, to, media, limit or cursor)");
            }
            if (parameter.getValue().size() != 1) {
                throw invalid(
                        parameter.getKey() + ": given " + parameter.getValue().size() + " times (expected: once)");
            }
        }
        Optional<String> userId = single(query, "userId");
        userId.ifPresent(id -> {
            if (!Ids.isValid(id)) {
                throw invalid(Ids.problem("userId", id));
            }
        });
        Optional<Instant> from = single(query, "from").map(value -> instant("from", value));
        Optional<Instant> to = single(query, "to").map(value -> instant("to", value));
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw invalid("to: " + to.get() + " (expected: after from, " + from.get() + ")");
        }
        Optional<String> media = single(query, "media").map(CallsQuery::media);
        int limit = single(query, "limit").map(CallsQuery::limit).orElse(CallQuery.DEFAULT_LIMIT);
        Optional<Cursor> cursor = single(query, "cursor").map(token -> Cursor.parse(token)
                .orElseThrow(() -> invalid(
                        "cursor: " + shown(token) + " (expected: the nextCursor of a previous page, unchanged)")));
        return new CallQuery(userId, from, to, media, limit, cursor);
    }

    private static Optional<String> single(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null ? Optional.empty() : Optional.of(values.getFirst());
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

    private static int limit(String value) {
        if (DIGITS.matcher(value).matches()) {
            long parsed = Long.parseLong(value);
            if (parsed >= 1 && parsed <= CallQuery.MAX_LIMIT) {
                return (int) parsed;
            }
        }
        throw invalid("limit: " + shown(value) + " (expected: an integer from 1 to " + CallQuery.MAX_LIMIT + ")");
    }

    private static HttpApiException invalid(String message) {
        return new HttpApiException(HttpError.INVALID_QUERY, message);
    }

    private static String shown(String value) {
        return "'" + (value.length() > SHOWN_MAX ? value.substring(0, SHOWN_MAX) + "…" : value) + "'";
    }
}
