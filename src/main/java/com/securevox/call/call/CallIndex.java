package com.securevox.call.call;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The registry-wide indexes of this node's calls: which calls exist (by sessionId), which call each live connection
 * is in, and how many calls and participants there are.
 *
 * <p>It exists so that {@link CallRegistry} keeps only the rules of a call (join, leave, relay, grace) while the
 * bookkeeping that spans all calls, and that hand-over ({@link CallHandover}) needs as well, lives in one place: an
 * adopted or released call must change the maps and the counters exactly like a join or a last leave does.
 *
 * <p>Not a lock owner. Every method that changes an index is called with the lock of the call it changes held by the
 * caller, together with that call's own state (see the package documentation); lookups and the counters are
 * lock-free and may be stale by the time they return. The counters exist so that the health endpoint never walks the
 * calls nor takes a call lock.
 */
final class CallIndex {
    /**
     * sessionId → call. A call is put here by its first joiner (or an adoption) and removed, under its lock and after
     * being marked closed, when its last participant is gone (or it is released).
     */
    private final ConcurrentHashMap<String, Call> calls = new ConcurrentHashMap<>();

    /** Live connection → its call. Only changed under that call's lock, together with the call's own state. */
    private final ConcurrentHashMap<ConnectionId, Call> callByConnection = new ConcurrentHashMap<>();

    private final AtomicInteger activeCalls = new AtomicInteger();
    private final AtomicInteger participants = new AtomicInteger();

    /** The call {@code sessionId}, created by {@code create} if there is none; not locked, maybe closed already. */
    Call open(String sessionId, Function<String, Call> create) {
        return calls.computeIfAbsent(sessionId, create);
    }

    /** The call {@code sessionId}, if any; not locked, maybe closed already. */
    Optional<Call> byId(String sessionId) {
        return Optional.ofNullable(calls.get(sessionId));
    }

    /** The call {@code connection} is live in, if any; not locked, maybe left already. */
    Optional<Call> byConnection(ConnectionId connection) {
        return Optional.ofNullable(callByConnection.get(connection));
    }

    /** Every call, in no order; a weakly consistent view, each call to be locked before it is read. */
    Collection<Call> all() {
        return calls.values();
    }

    /**
     * Claims {@code connection} for {@code call}, locked by the caller; empty if it did, else the call the connection
     * is in already. Claiming before joining keeps a connection in at most one call without two call locks.
     */
    Optional<Call> bind(ConnectionId connection, Call call) {
        return Optional.ofNullable(callByConnection.putIfAbsent(connection, call));
    }

    /** Gives up {@code connection}'s entry if it is {@code call}'s, locked by the caller. */
    void unbind(ConnectionId connection, Call call) {
        callByConnection.remove(connection, call);
    }

    /** Counts a member just added to {@code call}, locked by the caller; true if it is its first: the call began. */
    boolean countJoined(Call call) {
        participants.incrementAndGet();
        if (call.size() == 1) {
            activeCalls.incrementAndGet();
            return true;
        }
        return false;
    }

    /** Counts a member just removed from {@code call}, locked by the caller; true if it was its last: it ended. */
    boolean countLeft(Call call) {
        participants.decrementAndGet();
        if (call.size() == 0) {
            activeCalls.decrementAndGet();
            return true;
        }
        return false;
    }

    /** Closes and forgets {@code call}, locked by the caller, if nobody is in it (any more, or yet). */
    void forgetIfEmpty(Call call) {
        if (call.size() == 0 && !call.isClosed()) {
            // Closed before removed, both under the lock: a joiner holding a stale reference sees the flag and retries.
            call.close();
            calls.remove(call.sessionId, call);
        }
    }

    /** Makes {@code call}, built and locked by the caller, this node's, counted; false if one of its id is here. */
    boolean adopt(Call call) {
        if (calls.putIfAbsent(call.sessionId, call) != null) {
            return false;
        }
        activeCalls.incrementAndGet();
        participants.addAndGet(call.size());
        return true;
    }

    /**
     * The inverse of {@link #adopt}: {@code call}, locked by the caller, is no longer this node's. It is closed and
     * forgotten with its members, their grace timers cancelled, and nothing recorded or told: the call goes on
     * elsewhere. Returns the connections of its members with a live socket, for the caller to close.
     */
    List<ConnectionId> release(Call call) {
        List<ConnectionId> live = new ArrayList<>();
        for (Member member : call.members()) {
            switch (member.presence()) {
                case Presence.Live(ConnectionId connection) -> {
                    callByConnection.remove(connection, call);
                    live.add(connection);
                }
                case Presence.Away away -> away.timer().cancel();
            }
        }
        participants.addAndGet(-call.size());
        activeCalls.decrementAndGet();
        call.close();
        calls.remove(call.sessionId, call);
        return live;
    }

    /** Calls with at least one participant. */
    int activeCallCount() {
        return activeCalls.get();
    }

    /** Participants over all calls, including those in reconnect grace. */
    int participantCount() {
        return participants.get();
    }
}
