package com.securevox.call.ring;

import java.util.Locale;

/** Where one invitee's ring stands, as {@code invite_state} and the acknowledgements name it. */
public enum InviteState {
    /** Not reached yet: no live device connection, and the push provider has not answered. */
    CALLING,
    /** A device was reached: a live device connection, or a push the provider accepted. */
    RINGING,
    ACCEPTED,
    DECLINED,
    /** In another call, accepted another ring, or declined with reason busy. */
    BUSY,
    /** No answer before the ring timed out. */
    MISSED,
    /** No live device connection and no push accepted. */
    UNREACHABLE,
    /** The caller called it off (or went away for longer than the reconnect grace). */
    CANCELLED,
    /** The call policy does not let the caller call this invitee: not rung. */
    FORBIDDEN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the invitee may still answer. */
    public boolean open() {
        return switch (this) {
            case CALLING, RINGING -> true;
            case ACCEPTED, DECLINED, BUSY, MISSED, UNREACHABLE, CANCELLED, FORBIDDEN -> false;
        };
    }
}
