package com.securevox.call.ring;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What ringing tells a device connection; each record is one server event of the protocol. */
public sealed interface RingNotice {

    /** {@code incoming_call}, to every device connection of an invitee. */
    record IncomingCall(
            String sessionId,
            UUID ringId,
            String fromUserId,
            String metadataJson,
            PushRing.Media media,
            List<String> invitees,
            Instant expiresAt)
            implements RingNotice {}

    /** {@code invite_state}, to the caller's device connections. */
    record InviteStateChanged(String sessionId, String userId, InviteState state) implements RingNotice {}

    /** {@code incoming_call_ended}, to an invitee's device connections that still ring. */
    record IncomingCallEnded(String sessionId, RingPush.StopReason reason) implements RingNotice {}
}
