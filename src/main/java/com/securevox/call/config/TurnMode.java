package com.securevox.call.config;

import java.util.Locale;
import java.util.Optional;

/** Where TURN comes from ({@code SECUREVOX_CALL_TURN}). */
public enum TurnMode {
    /** No TURN: clients get the STUN servers only. */
    OFF,
    /** A coturn run by the operator, sharing {@code SECUREVOX_CALL_TURN_SECRET} with this server. */
    EXTERNAL,
    /** A coturn this server writes the configuration of and runs as a supervised child process. */
    MANAGED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<TurnMode> parse(String value) {
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        for (TurnMode mode : values()) {
            if (mode.wireName().equals(wanted)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
