package com.securevox.call.ring;

/** Why ringing refused a request; each adapter maps these to its wire codes once. */
public enum RingError {
    /** The request itself is wrong (inviting oneself, nobody to invite). */
    INVALID,
    /** No ring for that call of which the user is a party. */
    NOT_FOUND,
    /** The user may not do this to the ring (cancelling someone else's ring). */
    FORBIDDEN,
    /** An invitee of this call was invited before: a user is invited at most once per call. */
    ALREADY_INVITED,
    /** The ring's state contradicts the request (accepting a ring one declined, cancelling a ring that is over). */
    CONFLICT
}
