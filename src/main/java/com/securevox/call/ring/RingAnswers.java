package com.securevox.call.ring;

import com.securevox.call.call.Role;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What ringing answers its callers; the adapters turn these into acknowledgements and responses. */
public final class RingAnswers {
    private RingAnswers() {}

    /** One invitee and where its ring stands. */
    public record InviteeState(String userId, InviteState state) {}

    /**
     * The answer to an invite. {@code role} is what the inviter joins as: {@code host} for a new ring, {@code
     * participant} when its invite met the invitee's own ring (glare) and became an accept of it.
     */
    public record Invited(String sessionId, UUID ringId, Role role, Instant expiresAt, List<InviteeState> invitees) {}

    /** The answer to an accept, decline or cancel: the state it left the user's ring in, and its role in the call. */
    public record Answered(String sessionId, UUID ringId, InviteState state, Role role) {}

    /**
     * A ring as a party sees it: {@code state} is the asker's own for an invitee; for the caller, {@code ringing} while
     * anyone may still answer and {@code ended} after.
     */
    public record Status(
            String sessionId,
            UUID ringId,
            String from,
            PushRing.Media media,
            Instant expiresAt,
            String state,
            List<InviteeState> invitees) {}

    /** What joining the ring's call needs on a device connection: who joins which call as what. */
    public record Grant(String userId, String sessionId, Role role) {}
}
