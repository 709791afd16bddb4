package com.securevox.call.config;

import java.util.Locale;
import java.util.Optional;

/** How strict the server is about its configuration: production refuses to start without real secrets. */
public enum Mode {
    DEVELOPMENT,
    PRODUCTION;

    /** The value as written in {@code SECUREVOX_CALL_ENV}: {@code development} or {@code production}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named by {@code value}, ignoring case and surrounding blanks. */
    public static Optional<Mode> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        for (Mode mode : values()) {
            if (mode.wireName().equals(wanted)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
