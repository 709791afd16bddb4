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
    DRAINED,
    /** A host (or the backend) removed the participant; it cannot rejoin the call with a token issued before. */
    KICKED,
    /**
     * A host (or the backend) ended the call for everyone. Everyone is told {@code call_ended} instead; only recorded,
     * and the {@code call.ended} fact's reason.
     */
    ENDED_BY_HOST;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
