package com.securevox.call.ring;

import com.securevox.call.call.ConnectionId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The rings by call (oldest first), by party and by the connection that sent the invite, and the questions an invite asks about the
 * other rings. Each ring is read under its own lock, one at a time: never while holding another ring's lock. The
 * indexes keep an invite's and a disconnect's work proportional to the rings of the people concerned, not to all the
 * rings remembered.
 */
final class RingIndex {
    /** Each call's rings, oldest first. */
    private final Map<String, List<Ring>> bySession = new ConcurrentHashMap<>();

    private final Map<String, Set<Ring>> byUser = new ConcurrentHashMap<>();
    private final Map<ConnectionId, Set<Ring>> byOrigin = new ConcurrentHashMap<>();

    CallRings of(String sessionId) {
        return new CallRings(bySession.getOrDefault(sessionId, List.of()));
    }

    void put(Ring ring) {
        bySession.compute(ring.sessionId(), (k, rings) -> {
            List<Ring> list = rings == null ? new CopyOnWriteArrayList<>() : rings;
            list.add(ring);
            return list;
        });
        add(byOrigin, ring.origin, ring);
        add(byUser, ring.caller(), ring);
        ring.invited.forEach(user -> add(byUser, user, ring));
    }

    /** The ring of call {@code sessionId} that invited {@code userId}, else the latest one it rang; else NOT_FOUND. */
    Ring answering(String userId, String sessionId) {
        CallRings call = of(sessionId);
        return call.invited(userId)
                .or(() -> call.rungBy(userId).stream().reduce((older, newer) -> newer))
                .orElseThrow(() -> new RingException(
                        RingError.NOT_FOUND,
                        "sessionId: '" + sessionId + "' (expected: a call whose ring you started or were invited to)"));
    }

    /** Forgets the ring; its call's other rings stay. */
    void forget(Ring ring) {
        bySession.computeIfPresent(ring.sessionId(), (k, rings) -> {
            rings.remove(ring);
            return rings.isEmpty() ? null : rings;
        });
        remove(byOrigin, ring.origin, ring);
        remove(byUser, ring.caller(), ring);
        ring.invited.forEach(user -> remove(byUser, user, ring));
    }

    /** The rings whose invite {@code connection} sent. */
    List<Ring> from(ConnectionId connection) {
        return List.copyOf(byOrigin.getOrDefault(connection, Set.of()));
    }

    /** An open ring in which {@code caller} rings {@code invitee}. */
    Optional<Ring> ringingBy(String caller, String invitee) {
        for (Ring ring : ofUser(invitee)) {
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
     * Whether {@code userId} cannot take another ring now: ringing others, or it accepted another ring less than
     * {@code acceptWindow} ago (it is about to join that call).
     */
    boolean engaged(String userId, Instant now, Duration acceptWindow) {
        for (Ring ring : ofUser(userId)) {
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

    /** Everyone {@link #engaged} now. */
    Set<String> engaged(Instant now, Duration acceptWindow) {
        Set<String> engaged = new java.util.HashSet<>();
        for (String userId : List.copyOf(byUser.keySet())) {
            if (engaged(userId, now, acceptWindow)) {
                engaged.add(userId);
            }
        }
        return Set.copyOf(engaged);
    }

    private List<Ring> ofUser(String userId) {
        return List.copyOf(byUser.getOrDefault(userId, Set.of()));
    }

    private static <K> void add(Map<K, Set<Ring>> index, K key, Ring ring) {
        // Inside compute, so a remove that empties the set cannot drop it between lookup and add.
        index.compute(key, (k, rings) -> {
            Set<Ring> set = rings == null ? ConcurrentHashMap.newKeySet() : rings;
            set.add(ring);
            return set;
        });
    }

    private static <K> void remove(Map<K, Set<Ring>> index, K key, Ring ring) {
        index.computeIfPresent(key, (k, rings) -> {
            rings.remove(ring);
            return rings.isEmpty() ? null : rings;
        });
    }
}
