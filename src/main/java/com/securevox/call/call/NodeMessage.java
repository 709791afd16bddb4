package com.securevox.call.call;

import java.time.Instant;
import java.util.Objects;

/**
 * What an edge node (it holds a socket of a call another node owns) and the call's owner node tell each other: the
 * edge proxies the socket to the owner, which runs it as if it were one of its own. Every message names its call, its
 * socket and an epoch: edge to owner, the owner epoch the edge believes in (an owner that does not hold the call with
 * that epoch has the socket reconnect); owner to edge, the epoch it owns the call with (an edge drops anything below
 * the highest it has seen). Who sent it and in which order is the {@link NodeBus.Envelope}'s business.
 *
 * <p>What a client sent and what it is told stays opaque here, as {@link Payload}s and JSON text: the signaling layer
 * writes it and reads it; the domain neither builds nor parses it.
 */
public sealed interface NodeMessage {
    /** The largest {@link Payload#data()} or reply: a relayed signal is at most 16 KiB, a full call's state more. */
    int MAX_DATA_LENGTH = 256 * 1024;

    /** The longest remote address an {@link Open} carries. */
    int MAX_ADDRESS_LENGTH = 256;

    /** The call's id, as {@link Ids} allows. */
    String callId();

    /** The owner epoch, at least 1. */
    long epoch();

    /** The socket on the edge that the message is about. */
    ConnectionId connection();

    /**
     * Edge to owner: a socket whose token admits {@code userId} to the call as {@code role} is proxied to the owner
     * from now on; the owner takes it for a socket of its own that authenticated with those claims.
     *
     * @param remoteAddress the client's address as the edge saw it, for the owner's logs
     * @param client how the client reaches the edge
     */
    record Open(
            String callId,
            long epoch,
            ConnectionId connection,
            String userId,
            Role role,
            Instant tokenIssuedAt,
            Instant tokenExpiresAt,
            String remoteAddress,
            ClientInfo client)
            implements NodeMessage {
        public Open {
            check(callId, epoch, connection);
            if (!Ids.isValid(userId)) {
                throw new IllegalArgumentException(Ids.problem("userId", userId));
            }
            Objects.requireNonNull(role, "role: null (expected: a Role)");
            Objects.requireNonNull(tokenIssuedAt, "tokenIssuedAt: null (expected: an instant)");
            Objects.requireNonNull(tokenExpiresAt, "tokenExpiresAt: null (expected: an instant)");
            Objects.requireNonNull(remoteAddress, "remoteAddress: null (expected: text)");
            if (remoteAddress.length() > MAX_ADDRESS_LENGTH) {
                throw new IllegalArgumentException("remoteAddress: " + remoteAddress.length()
                        + " characters (expected: at most " + MAX_ADDRESS_LENGTH + ")");
            }
            Objects.requireNonNull(client, "client: null (expected: a ClientInfo)");
        }
    }

    /**
     * Edge to owner: an event the socket sent, as it sent it.
     *
     * @param requestId what the owner's {@link Reply} answers, when the client asked for an acknowledgement; 0 when it
     *     did not
     */
    record Forward(String callId, long epoch, ConnectionId connection, Payload event, long requestId)
            implements NodeMessage {
        public Forward {
            check(callId, epoch, connection);
            Objects.requireNonNull(event, "event: null (expected: the event and its data)");
            if (requestId < 0) {
                throw new IllegalArgumentException("requestId: " + requestId + " (expected: >= 0)");
            }
        }
    }

    /**
     * To the node that serves a ring (it holds the lease of the ring's call): a ringing event of a device connection
     * of the sender's ({@code call_accept}, {@code call_decline}, {@code call_cancel}, an invite that adds people to
     * the call, or a {@code join_call} asking what the ring lets its user join as), as the device sent it. The
     * receiver acts on it for {@code userId} (the sender verified its user token) with the connection as the answering
     * device, and acknowledges it with a {@link Reply}. The connection is not proxied: only its ring events travel.
     *
     * @param requestId what the {@link Reply} answers, at least 1
     */
    record RingEvent(String callId, long epoch, ConnectionId connection, String userId, Payload event, long requestId)
            implements NodeMessage {
        public RingEvent {
            check(callId, epoch, connection);
            if (!Ids.isValid(userId)) {
                throw new IllegalArgumentException(Ids.problem("userId", userId));
            }
            Objects.requireNonNull(event, "event: null (expected: the event and its data)");
            if (requestId < 1) {
                throw new IllegalArgumentException("requestId: " + requestId + " (expected: >= 1)");
            }
        }
    }

    /** Edge to owner: the socket is gone; its participant's reconnect grace starts on the owner. */
    record Disconnected(String callId, long epoch, ConnectionId connection) implements NodeMessage {
        public Disconnected {
            check(callId, epoch, connection);
        }
    }

    /**
     * Owner to edge: the acknowledgement of the {@link Forward} with {@code requestId}, as JSON text.
     *
     * @param data at most {@link #MAX_DATA_LENGTH} characters
     */
    record Reply(String callId, long epoch, ConnectionId connection, long requestId, String data)
            implements NodeMessage {
        public Reply {
            check(callId, epoch, connection);
            if (requestId < 1) {
                throw new IllegalArgumentException("requestId: " + requestId + " (expected: >= 1)");
            }
            checkData(data);
        }
    }

    /**
     * Owner to edge: an event for the socket, to emit as it is. Also a ring's notice for a device connection of the
     * receiver's, from the node that serves the ring.
     */
    record Deliver(String callId, long epoch, ConnectionId connection, Payload event) implements NodeMessage {
        public Deliver {
            check(callId, epoch, connection);
            Objects.requireNonNull(event, "event: null (expected: the event and data to emit)");
        }
    }

    /**
     * Edge to owner: a {@link Deliver} for a socket this node no longer has (it went just before, or its transport was
     * closed before the event could be written), sent back as it came. Sent after the {@link Disconnected} of that
     * socket, so the owner knows it gone; the owner keeps a relayed signal for the socket's participant, to replay when
     * it comes back, and the rest is told again by the {@code call_joined} of its return.
     */
    record Bounced(String callId, long epoch, ConnectionId connection, Payload event) implements NodeMessage {
        public Bounced {
            check(callId, epoch, connection);
            Objects.requireNonNull(event, "event: null (expected: the event and data that were not delivered)");
        }
    }

    /**
     * Old owner to new owner: a signal the sender relayed and acknowledged while it still served the call, kept for
     * {@code userId} in reconnect grace, and handed over as the sender let the call go (it found the receiver serving
     * it under {@code epoch}). Sent before the sender has the call's sockets reconnect, in the order it would have
     * replayed them, so the receiver has them ahead of anything their senders send once rejoined. The receiver sends
     * it to the participant, keeps it for its return, or drops it if the participant is not in the call there.
     *
     * @param connection the participant's socket the sender last saw go (for the logs: the receiver does not know it)
     * @param event the signal as the sender would have written it, with its {@code from}
     */
    record Handed(String callId, long epoch, ConnectionId connection, String userId, Payload event)
            implements NodeMessage {
        public Handed {
            check(callId, epoch, connection);
            if (!Ids.isValid(userId)) {
                throw new IllegalArgumentException(Ids.problem("userId", userId));
            }
            Objects.requireNonNull(event, "event: null (expected: the signal kept for userId)");
        }
    }

    /** Owner to edge: end the socket, as {@code reason} says. */
    record Kick(String callId, long epoch, ConnectionId connection, KickReason reason) implements NodeMessage {
        public Kick {
            check(callId, epoch, connection);
            Objects.requireNonNull(reason, "reason: null (expected: a KickReason)");
        }
    }

    /** How an owner has an edge end a socket. */
    enum KickReason {
        /**
         * The owner does not serve the call (any more, or with that epoch): the edge closes the socket's transport
         * without a Socket.IO disconnect, so the client reconnects by itself, joins again and is routed anew.
         */
        MOVED,
        /** The owner disconnected the socket (a refused authentication, for one): a Socket.IO disconnect. */
        DISCONNECT
    }

    /**
     * A Socket.IO event: its name and its data as JSON text. Opaque to the domain and to the bus.
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
            checkData(data);
        }

        private static boolean isEventChar(int c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        }
    }

    private static void checkData(String data) {
        Objects.requireNonNull(data, "data: null (expected: text)");
        if (data.length() > MAX_DATA_LENGTH) {
            throw new IllegalArgumentException(
                    "data: " + data.length() + " characters (expected: at most " + MAX_DATA_LENGTH + ")");
        }
    }

    private static void check(String callId, long epoch, ConnectionId connection) {
        if (!Ids.isValid(callId)) {
            throw new IllegalArgumentException(Ids.problem("callId", callId));
        }
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch: " + epoch + " (expected: >= 1)");
        }
        Objects.requireNonNull(connection, "connection: null (expected: a ConnectionId)");
    }
}
