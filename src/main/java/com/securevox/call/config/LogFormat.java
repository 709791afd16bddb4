package com.securevox.call.config;

import java.util.Locale;
import java.util.Optional;

/** Log output format: readable lines for a developer's terminal, JSON lines for a log collector. */
public enum LogFormat {
    TEXT,
    JSON;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format named by {@code value} ({@code text} or {@code json}), ignoring case and surrounding blanks. */
    public static Optional<LogFormat> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        for (LogFormat format : values()) {
            if (format.wireName().equals(wanted)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
