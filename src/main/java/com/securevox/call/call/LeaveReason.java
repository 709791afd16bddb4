package com.securevox.call.call;

import java.util.Locale;

/** Why a participant left, as sent in {@code participant_left}. The wire names are lower case. */
public enum LeaveReason {
    /** The participant asked to leave. */
    LEFT,
    /** The participant's socket dropped and the reconnect grace ran out. */
    DISCONNECTED,
    /** The same user joined the same call from another socket; told only to the socket that was replaced. */
    REPLACED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
