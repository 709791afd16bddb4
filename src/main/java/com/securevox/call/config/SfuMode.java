package com.securevox.call.config;

import java.util.Locale;

/** Where the SFU comes from ({@code SECUREVOX_CALL_SFU}), like {@link TurnMode} for TURN. */
public enum SfuMode {
    /** No SFU: every call is a mesh. */
    OFF,
    /** A Janus run by the operator, reached at {@code SECUREVOX_CALL_SFU_URL} with its API secret. */
    EXTERNAL,
    /** A Janus this server writes the configuration of and runs as a supervised child process. */
    MANAGED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
