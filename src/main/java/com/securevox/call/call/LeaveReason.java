package com.securevox.call.call;

import java.util.Locale;

/** Why a participant left, as sent in {@code participant_left} and recorded in the history. The wire names are lower case. */
public enum LeaveReason {
    /** The participant asked to leave. */
    LEFT,
    /** The participant's socket dropped and the reconnect grace ran out. */
    DISCONNECTED,
    /** The same user joined the same call from another socket; told only to the socket that was replaced. */
    REPLACED,
    /**
     * The server stopped with the participant still in the call (the drain timeout ran out). Never sent: the end of a
     * drain disconnects every socket; it is only recorded.
     */
    DRAINED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
