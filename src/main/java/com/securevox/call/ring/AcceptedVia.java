package com.securevox.call.ring;

import java.util.Locale;

/** How an invitee accepted its ring, as {@code invite.accepted} tells it. */
public enum AcceptedVia {
    /** {@code call_accept} on a device connection. */
    SOCKET,
    /** {@code POST /api/rings/{sessionId}/accept}, typically from an app a push woke. */
    REST,
    /** Its own {@code call_invite} of the caller met the caller's ring, and became an accept of it. */
    GLARE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
