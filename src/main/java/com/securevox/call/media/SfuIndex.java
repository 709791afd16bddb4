package com.securevox.call.media;

import com.securevox.call.call.ConnectionId;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where {@link SfuCalls} finds a call: by session id, by a member's connection, by its room; and the counts it
 * reports. Confined to {@link SfuCalls}'s thread, except the counts, which any thread may read.
 */
final class SfuIndex {
    private final Map<String, SfuCall> calls = new HashMap<>();
    private final Map<ConnectionId, SfuCall> byConnection = new HashMap<>();
    private final Map<RoomId, SfuCall> byRoom = new HashMap<>();
    /** The session id of each open room, for any thread (the SFU adapter's quality poller). */
    private final Map<RoomId, String> sessionsByRoom = new ConcurrentHashMap<>();

    private volatile int rooms;
    private volatile int publishers;
    private volatile int subscribers;

    SfuCall open(String sessionId) {
        return calls.computeIfAbsent(sessionId, SfuCall::new);
    }

    Optional<SfuCall> call(String sessionId) {
        return Optional.ofNullable(calls.get(sessionId));
    }

    Optional<SfuCall> remove(String sessionId) {
        return Optional.ofNullable(calls.remove(sessionId));
    }

    Collection<SfuCall> calls() {
        return calls.values();
    }

    void connected(ConnectionId connection, SfuCall call) {
        byConnection.put(connection, call);
    }

    void disconnected(ConnectionId connection, SfuCall call) {
        byConnection.remove(connection, call);
    }

    /** The connection's call and its member there, if the connection is in a call. */
    Optional<SfuMember> memberOf(ConnectionId connection) {
        SfuCall call = byConnection.get(connection);
        return call == null
                ? Optional.empty()
                : call.members.values().stream()
                        .filter(m -> m.connection.equals(connection))
                        .findFirst();
    }

    Optional<SfuCall> callOf(ConnectionId connection) {
        return Optional.ofNullable(byConnection.get(connection));
    }

    void roomOpened(RoomId room, SfuCall call) {
        byRoom.put(room, call);
        sessionsByRoom.put(room, call.sessionId);
    }

    void roomGone(RoomId room) {
        byRoom.remove(room);
        sessionsByRoom.remove(room);
    }

    /** Any thread. */
    Optional<String> sessionOf(RoomId room) {
        return Optional.ofNullable(sessionsByRoom.get(room));
    }

    Optional<SfuCall> inRoom(RoomId room) {
        return Optional.ofNullable(byRoom.get(room));
    }

    /** The member whose presence in the SFU {@code participant} is, while it is. */
    Optional<SfuMember> member(MediaParticipant participant) {
        return inRoom(participant.room()).flatMap(call -> call.memberOf(participant));
    }

    /**
     * Counts the call's room, publishers and subscribers again after a change to it: only that call's share of the
     * totals changes, so a change costs its own members, never every call's (with thousands of calls, recounting them
     * all at each leave made the disconnects quadratic).
     */
    void count(SfuCall call) {
        boolean listed = calls.get(call.sessionId) == call;
        int r = listed && call.room != null ? 1 : 0;
        int p = 0;
        int s = 0;
        if (listed) {
            for (SfuMember member : call.members.values()) {
                p += member.publishing ? 1 : 0;
                s += member.subscribed ? 1 : 0;
            }
        }
        // One writer (this class's thread): read-modify-write of the volatiles is safe, readers see whole values.
        rooms += r - call.countedRoom;
        publishers += p - call.countedPublishers;
        subscribers += s - call.countedSubscribers;
        call.countedRoom = r;
        call.countedPublishers = p;
        call.countedSubscribers = s;
    }

    int rooms() {
        return rooms;
    }

    int publishers() {
        return publishers;
    }

    int subscribers() {
        return subscribers;
    }
}
