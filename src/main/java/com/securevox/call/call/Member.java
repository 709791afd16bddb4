package com.securevox.call.call;

import java.util.Optional;

/**
 * One participant's slot in a {@link Call}: the participant the clients see and whether its socket is there. Mutable
 * so a reconnect, replace or mute keeps the slot (and its place in join order); guarded by the call's lock.
 */
final class Member {
    private Participant participant;
    private Presence presence;
    /** The last connection its server saw go; null until one went. */
    private ConnectionId lost;

    Member(Participant participant, Presence presence) {
        this.participant = participant;
        this.presence = presence;
    }

    Participant participant() {
        return participant;
    }

    void participant(Participant participant) {
        this.participant = participant;
    }

    String userId() {
        return participant.userId();
    }

    Presence presence() {
        return presence;
    }

    void presence(Presence presence) {
        this.presence = presence;
    }

    /**
     * Whether {@code connection} is the last one this participant's server saw go: what was sent to it and came back
     * undelivered is this participant's.
     */
    boolean lostAt(ConnectionId connection) {
        return connection.equals(lost);
    }

    /** The last connection its server saw go; empty until one went. */
    Optional<ConnectionId> lost() {
        return Optional.ofNullable(lost);
    }

    /** Remembers the connection that went, as its reconnect grace starts. */
    void lost(ConnectionId connection) {
        this.lost = connection;
    }
}
