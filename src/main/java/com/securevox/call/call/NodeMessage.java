package com.securevox.call.call;

import java.util.Objects;
import java.util.Optional;

/**
 * What an edge node (it holds a socket of a call it does not own) and the call's owner node tell each other. Every
 * message names its call and an epoch: edge to owner, the owner epoch the edge believes in (an owner that sees a
 * higher one than its own was superseded); owner to edge, the epoch it owns the call with (an edge drops anything below
 * the highest it has seen). Who sent it and in which order is the {@link NodeBus.Envelope}'s business.
 *
 * <p>What sockets are told stays opaque here, as a {@link Payload}: the signaling layer renders an event once, on the
 * owner, and the edge emits it as it is; the domain neither builds nor parses it.
 */
public sealed interface NodeMessage {
    /** The largest {@link Payload#data()}: a relayed signal is at most 16 KiB, a {@code call_joined} of a full call more. */
    int MAX_DATA_LENGTH = 256 * 1024;

    /** The call's id, as {@link Ids} allows. */
    String callId();

    /** The owner epoch, at least 1. */
    long epoch();

    /** Edge to owner: a socket on the edge asks to join the call; the call's id is the request's {@code sessionId}. */
    record Join(long epoch, JoinRequest request) implements NodeMessage {
        public Join {
            checkEpoch(epoch);
            Objects.requireNonNull(request, "request: null (expected: a JoinRequest)");
        }

        @Override
        public String callId() {
            return request.sessionId();
        }
    }

    /** Edge to owner: the socket asked to leave the call. */
    record Leave(String callId, long epoch, ConnectionId connection) implements NodeMessage {
        public Leave {
            check(callId, epoch, connection);
        }
    }

    /**
     * Edge to owner: a member's signal, to one other member or, with {@code toUserId} empty, to everyone else.
     *
     * @param from the sending socket
     */
    record Relay(String callId, long epoch, ConnectionId from, Optional<String> toUserId, Payload signal)
            implements NodeMessage {
        public Relay {
            check(callId, epoch, from);
            Objects.requireNonNull(toUserId, "toUserId: null (expected: the receiver's user id, or empty for all)");
            toUserId.ifPresent(to -> {
                if (!Ids.isValid(to)) {
                    throw new IllegalArgumentException(Ids.problem("toUserId", to));
                }
            });
            Objects.requireNonNull(signal, "signal: null (expected: the signal's event and data)");
        }
    }

    /** Edge to owner: the socket muted or unmuted one of its tracks. */
    record Mute(String callId, long epoch, ConnectionId connection, MediaKind kind, boolean muted)
            implements NodeMessage {
        public Mute {
            check(callId, epoch, connection);
            Objects.requireNonNull(kind, "kind: null (expected: a MediaKind)");
        }
    }

    /** Edge to owner: the socket dropped; its participant's reconnect grace starts on the owner. */
    record Disconnected(String callId, long epoch, ConnectionId connection) implements NodeMessage {
        public Disconnected {
            check(callId, epoch, connection);
        }
    }

    /**
     * Edge to owner: a live socket of {@code userId} that joined under an earlier owner registers with the new one, so
     * the call goes on after its owner changed without anyone joining again.
     */
    record Attach(String callId, long epoch, ConnectionId connection, String userId) implements NodeMessage {
        public Attach {
            check(callId, epoch, connection);
            if (!Ids.isValid(userId)) {
                throw new IllegalArgumentException(Ids.problem("userId", userId));
            }
        }
    }

    /** Owner to edge: the socket is in the call, with how it joined and the call as it is now ({@code call_joined}). */
    record State(String callId, long epoch, ConnectionId connection, JoinKind kind, Payload joined)
            implements NodeMessage {
        public State {
            check(callId, epoch, connection);
            Objects.requireNonNull(kind, "kind: null (expected: a JoinKind)");
            Objects.requireNonNull(joined, "joined: null (expected: the call_joined event and data)");
        }
    }

    /** Owner to edge: the socket's join, or another request of it, was refused. */
    record Refused(String callId, long epoch, ConnectionId connection, CallError error) implements NodeMessage {
        public Refused {
            check(callId, epoch, connection);
            Objects.requireNonNull(error, "error: null (expected: a CallError)");
        }
    }

    /** Owner to edge: an event for one socket on the edge, to emit as it is. */
    record Deliver(String callId, long epoch, ConnectionId connection, Payload event) implements NodeMessage {
        public Deliver {
            check(callId, epoch, connection);
            Objects.requireNonNull(event, "event: null (expected: the event and data to emit)");
        }
    }

    /** Owner to edge: disconnect the socket from the call. */
    record Kick(String callId, long epoch, ConnectionId connection, KickReason reason) implements NodeMessage {
        public Kick {
            check(callId, epoch, connection);
            Objects.requireNonNull(reason, "reason: null (expected: a KickReason)");
        }
    }

    /** Owner to edge: {@code owner} owns the call from {@code epoch} on; anything of a lower epoch is stale. */
    record Epoch(String callId, long epoch, String owner) implements NodeMessage {
        public Epoch {
            checkCall(callId);
            checkEpoch(epoch);
            if (!CallOwnership.Owner.isValidNode(owner)) {
                throw new IllegalArgumentException("owner: invalid (expected: a node id of 1 to "
                        + CallOwnership.Owner.MAX_NODE_LENGTH + " [A-Za-z0-9._-])");
            }
        }
    }

    /** Why an owner has an edge disconnect a socket. */
    enum KickReason {
        /** The call moved to another owner (a drain hands it over): the client reconnects and joins there. */
        MOVED,
        /** A host removed the participant. */
        REMOVED,
        /** The call ended. */
        ENDED
    }

    /**
     * What a socket is told, rendered by the signaling layer: the Socket.IO event's name and its data as text. Opaque
     * to the domain and to the bus.
     *
     * @param event 1 to 64 of {@code [a-z0-9_]}
     * @param data at most {@link #MAX_DATA_LENGTH} characters
     */
    record Payload(String event, String data) {
        public Payload {
            if (event == null
                    || event.isEmpty()
                    || event.length() > 64
                    || !event.chars().allMatch(Payload::isEventChar)) {
                throw new IllegalArgumentException(
                        "event: " + (event == null ? "missing" : "invalid") + " (expected: 1 to 64 of [a-z0-9_])");
            }
            Objects.requireNonNull(data, "data: null (expected: text)");
            if (data.length() > MAX_DATA_LENGTH) {
                throw new IllegalArgumentException(
                        "data: " + data.length() + " characters (expected: at most " + MAX_DATA_LENGTH + ")");
            }
        }

        private static boolean isEventChar(int c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        }
    }

    private static void check(String callId, long epoch, ConnectionId connection) {
        checkCall(callId);
        checkEpoch(epoch);
        Objects.requireNonNull(connection, "connection: null (expected: a ConnectionId)");
    }

    private static void checkCall(String callId) {
        if (!Ids.isValid(callId)) {
            throw new IllegalArgumentException(Ids.problem("callId", callId));
        }
    }

    private static void checkEpoch(long epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch: " + epoch + " (expected: >= 1)");
        }
    }
}
