package com.securevox.call.ring;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rings by call, and the questions an invite asks about the other rings. Each ring is read under its own lock,
 * one at a time: never while holding another ring's lock.
 */
final class RingIndex {
    private final Map<String, Ring> bySession = new ConcurrentHashMap<>();

    Ring get(String sessionId) {
        return bySession.get(sessionId);
    }

    void put(Ring ring) {
        bySession.put(ring.sessionId(), ring);
    }

    /** Forgets the ring, unless its call has been rung again since. */
    void forget(Ring ring) {
        bySession.remove(ring.sessionId(), ring);
    }

    Collection<Ring> all() {
        return bySession.values();
    }

    /** An open ring in which {@code caller} rings {@code invitee}. */
    Optional<Ring> ringingBy(String caller, String invitee) {
        for (Ring ring : bySession.values()) {
            synchronized (ring) {
                if (ring.caller().equals(caller)
                        && ring.invitee(invitee).filter(i -> i.state.open()).isPresent()) {
                    return Optional.of(ring);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code userId} cannot take a call now: in an active call, ringing others, or it accepted another ring
     * less than {@code acceptWindow} ago (it is about to join that call).
     */
    boolean engaged(String userId, Busy busy, Instant now, Duration acceptWindow) {
        if (busy.inCall(userId)) {
            return true;
        }
        for (Ring ring : bySession.values()) {
            synchronized (ring) {
                if (ring.caller().equals(userId) && ring.open()) {
                    return true;
                }
                Optional<Ring.Invitee> invitee = ring.invitee(userId);
                if (invitee.isPresent()
                        && invitee.get().state == InviteState.ACCEPTED
                        && now.isBefore(invitee.get().acceptedAt.plus(acceptWindow))) {
                    return true;
                }
            }
        }
        return false;
    }
}
