package com.securevox.call.call;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One call's state. {@link #sessionId}, {@link #startedAt}, {@link #e2ee} and {@link #lock} may be read by anyone; everything else
 * requires holding {@link #lock}. The class only keeps its two member indexes consistent with each other; the rules
 * (and the registry-wide indexes) live in {@link CallRegistry}.
 */
final class Call {
    final String sessionId;
    final Instant startedAt;
    /** Its media is encrypted end to end: set by the first joiner, required of every later one. */
    final boolean e2ee;

    /** The initial capacity of a call's maps: two members fit without a resize. */
    static final int SMALL_CALL = 4;

    final ReentrantLock lock = new ReentrantLock();

    /**
     * Insertion order is join order, which {@code others} lists and snapshots must preserve. Sized for the usual call
     * of two (tables grow as members come): with thousands of calls, default 16-slot tables were a connection's 70 bytes.
     */
    private final Map<String, Member> byUser = new LinkedHashMap<>(SMALL_CALL);

    private final Map<ConnectionId, Member> byConnection = new HashMap<>(SMALL_CALL);
    /** userId → when a host removed it; null until the first removal (most calls have none). */
    private Map<String, Instant> removed;

    private boolean closed;
    private int peak;
    private long lastGeneration;

    Call(String sessionId, Instant startedAt, boolean e2ee) {
        this.sessionId = sessionId;
        this.startedAt = startedAt;
        this.e2ee = e2ee;
    }

    Optional<Member> member(String userId) {
        return Optional.ofNullable(byUser.get(userId));
    }

    Optional<Member> memberAt(ConnectionId connection) {
        return Optional.ofNullable(byConnection.get(connection));
    }

    /** Whether {@code member} is still this call's slot for its user (and not a removed one). */
    boolean holds(Member member) {
        return byUser.get(member.userId()) == member;
    }

    int size() {
        return byUser.size();
    }

    Member add(Participant participant, ConnectionId connection) {
        Member member = new Member(participant, new Presence.Live(connection));
        byUser.put(participant.userId(), member);
        byConnection.put(connection, member);
        peak = Math.max(peak, byUser.size());
        return member;
    }

    /** Adds a participant that is in reconnect grace already: a call taken over from another node. */
    Member addAway(Participant participant, Presence.Away away) {
        Member member = new Member(participant, away);
        byUser.put(participant.userId(), member);
        peak = Math.max(peak, byUser.size());
        return member;
    }

    /** Raises the peak to what the call had elsewhere before it came here. */
    void raisePeak(int peak) {
        this.peak = Math.max(this.peak, peak);
    }

    void remove(Member member) {
        byUser.remove(member.userId());
        detach(member);
    }

    /** Points {@code member} at a live connection, forgetting any previous one. */
    void attach(Member member, ConnectionId connection) {
        detach(member);
        member.presence(new Presence.Live(connection));
        byConnection.put(connection, member);
    }

    /** Puts {@code member} into the reconnect grace described by {@code away}. */
    void markAway(Member member, Presence.Away away) {
        detach(member);
        member.presence(away);
    }

    /** Remembers that {@code userId} was removed at {@code at}, for as long as the call lasts. */
    void markRemoved(String userId, Instant at) {
        if (removed == null) {
            removed = new HashMap<>(SMALL_CALL);
        }
        removed.put(userId, at);
    }

    /** When {@code userId} was last removed from this call, if it was. */
    Optional<Instant> removedAt(String userId) {
        return removed == null ? Optional.empty() : Optional.ofNullable(removed.get(userId));
    }

    /** Every removal so far: userId → when. */
    Map<String, Instant> removals() {
        return removed == null ? Map.of() : Map.copyOf(removed);
    }

    long nextGeneration() {
        return ++lastGeneration;
    }

    /** Everyone but {@code self}, in join order. */
    List<Member> othersThan(Member self) {
        List<Member> others = new ArrayList<>(byUser.size());
        for (Member member : byUser.values()) {
            if (member != self) {
                others.add(member);
            }
        }
        return others;
    }

    /** The most participants the call has had at once. */
    int peak() {
        return peak;
    }

    /** Every member, in join order. */
    List<Member> members() {
        return List.copyOf(byUser.values());
    }

    /** The call as the stats and the admin dashboard show it; under the call's lock. */
    CallSnapshot snapshot() {
        Set<String> audioMuted = new HashSet<>();
        Set<String> videoMuted = new HashSet<>();
        for (Member member : byUser.values()) {
            Participant p = member.participant();
            if (p.audioMuted()) {
                audioMuted.add(p.userId());
            }
            if (p.videoMuted()) {
                videoMuted.add(p.userId());
            }
        }
        return new CallSnapshot(sessionId, userIds(), startedAt, e2ee, audioMuted, videoMuted);
    }

    List<String> userIds() {
        return List.copyOf(byUser.keySet());
    }

    boolean isClosed() {
        return closed;
    }

    /** Marks the call dead so a joiner that found it in the registry before its removal retries with a fresh one. */
    void close() {
        closed = true;
    }

    private void detach(Member member) {
        switch (member.presence()) {
            case Presence.Live(ConnectionId connection) -> byConnection.remove(connection, member);
            case Presence.Away _ -> {
                // Not reachable by any connection: nothing to forget.
            }
        }
    }
}
