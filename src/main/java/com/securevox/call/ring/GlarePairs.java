package com.securevox.call.ring;

import java.time.Duration;
import java.util.Optional;

/**
 * Port: the glare rule across nodes. On one node an invite of one person who is being rung by that person becomes an
 * accept of that ring, because both invites take one lock; with several nodes the two invites may start on two nodes
 * at the same moment, so each first claims the pair of people, and only one of them can hold it.
 */
public interface GlarePairs {
    /** One node: the invite lock settles glare. */
    GlarePairs NONE = new GlarePairs() {
        @Override
        public Optional<String> claim(String caller, String invitee, String sessionId, Duration ttl) {
            return Optional.empty();
        }

        @Override
        public void release(String caller, String invitee, String sessionId) {}
    };

    /**
     * {@code caller}'s invite of {@code invitee} alone, for the new call {@code sessionId}, claims the pair for {@code
     * ttl}: empty when it may ring (it holds the pair now, taken over from an earlier ring of {@code caller}'s own);
     * else the call whose ring {@code invitee} started towards {@code caller}, which holds the pair: the invite meets
     * that ring. Blocks on I/O: never on an event loop, never under a lock. Empty when the claim cannot be made (the
     * invite rings, as before anyone knew).
     */
    Optional<String> claim(String caller, String invitee, String sessionId, Duration ttl);

    /**
     * Lets go of the pair if {@code caller}'s claim for {@code sessionId} still holds it: that ring rang nothing, or
     * is over. Blocks on I/O; a claim that cannot be let go lapses.
     */
    void release(String caller, String invitee, String sessionId);
}
