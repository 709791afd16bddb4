package com.securevox.call.httpapi;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The query of a list route, checked the same way by every one of them: only the names the route knows, each at most
 * once, and {@code limit} in the route's range. Every refusal is {@code INVALID_QUERY} naming the parameter, the value
 * (shortened) and what was expected.
 */
final class QueryParameters {
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,15}");
    private static final int SHOWN_MAX = 40;

    private final Map<String, List<String>> query;

    private QueryParameters(Map<String, List<String>> query) {
        this.query = query;
    }

    /** The query, once every parameter is one of {@code known} (in the order the error message lists them) given once. */
    static QueryParameters of(Map<String, List<String>> query, List<String> known) {
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            if (!known.contains(parameter.getKey())) {
                throw invalid(shown(parameter.getKey()) + ": unknown parameter (expected: " + oneOf(known) + ")");
            }
            if (parameter.getValue().size() != 1) {
                throw invalid(
                        parameter.getKey() + ": given " + parameter.getValue().size() + " times (expected: once)");
            }
        }
        return new QueryParameters(query);
    }

    /** The value of {@code name}, if it was given. */
    Optional<String> single(String name) {
        List<String> values = query.get(name);
        return values == null ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** {@code limit}: an integer from 1 to {@code max}, {@code defaultLimit} when absent. */
    int limit(int defaultLimit, int max) {
        return single("limit").map(value -> limit(value, max)).orElse(defaultLimit);
    }

    private static int limit(String value, int max) {
        if (DIGITS.matcher(value).matches()) {
            long parsed = Long.parseLong(value);
            if (parsed >= 1 && parsed <= max) {
                return (int) parsed;
            }
        }
        throw invalid("limit: " + shown(value) + " (expected: an integer from 1 to " + max + ")");
    }

    static HttpApiException invalid(String message) {
        return new HttpApiException(HttpError.INVALID_QUERY, message);
    }

    /** A value as an error message shows it: quoted, and cut after 40 characters. */
    static String shown(String value) {
        return "'" + (value.length() > SHOWN_MAX ? value.substring(0, SHOWN_MAX) + "…" : value) + "'";
    }

    private static String oneOf(List<String> names) {
        if (names.size() == 1) {
            return names.getFirst();
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
    }
}
