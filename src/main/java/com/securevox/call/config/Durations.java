package com.securevox.call.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 1d}, or ISO-8601
 * ({@code PT10S}). Units are lower case only, so {@code M} is never mistaken for months.
 */
final class Durations {

    /** Longer settings are typos, and capping them keeps {@code Instant.plus} far from overflow. */
    static final Duration MAX = Duration.ofDays(365);

    private static final Pattern SHORT = Pattern.compile("(-?\\d{1,12})(ms|s|m|h|d)");

    private Durations() {}

    /**
     * The duration {@code text} denotes, possibly negative (the caller judges the range, so that {@code -5s} is
     * reported as out of range rather than as unreadable); empty if it is neither a short form nor ISO-8601.
     */
    static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.strip();
        Matcher m = SHORT.matcher(value);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return Optional.of(
                    switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        default -> Duration.ofDays(amount);
                    });
        }
        if (value.isEmpty() || (value.charAt(0) != 'P' && value.charAt(0) != 'p' && value.charAt(0) != '-')) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.parse(value));
        } catch (DateTimeParseException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** The shortest short form that denotes {@code d} exactly ({@code 90s} stays {@code 90s}), ISO-8601 otherwise. */
    static String format(Duration d) {
        if (d.isNegative() || d.getNano() % 1_000_000 != 0) {
            return d.toString();
        }
        if (d.getNano() != 0) {
            return d.toMillis() + "ms";
        }
        long seconds = d.getSeconds();
        if (seconds != 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds != 0 && seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
