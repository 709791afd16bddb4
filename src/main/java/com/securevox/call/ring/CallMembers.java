package com.securevox.call.ring;

import java.util.Set;

/**
 * Who is in a call now: adding people to a call that has begun is for those in it, not for an invitee who accepted,
 * joined and left (the ring alone would still call them a participant).
 */
@FunctionalInterface
public interface CallMembers {
    /** The userIds of the call's participants now; empty when nobody is in it (not begun, or over). */
    Set<String> of(String sessionId);
}
