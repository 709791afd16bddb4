package com.securevox.call.call;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A connection asking to join a call as an authenticated user. {@code metadata}, {@code audioMuted} and {@code
 * videoMuted} only shape a new participant and {@code client} only its recorded
 * session; a reconnect or replace keeps the participant as it was. {@code e2ee}: the client encrypts its media end to
 * end; the first joiner's choice marks the call, and every later joiner must match it. {@code tokenIssuedAt}: when the
 * joiner's token was issued (its {@code iat}; the epoch when it has none): a participant a host removed may only come
 * back with a token issued after its removal.
 */
public record JoinRequest(
        ConnectionId connection,
        String userId,
        Role role,
        String sessionId,
        Optional<Metadata> metadata,
        boolean audioMuted,
        boolean videoMuted,
        boolean e2ee,
        ClientInfo client,
        Instant tokenIssuedAt) {

    public JoinRequest {
        Objects.requireNonNull(connection, "connection: null (expected: a ConnectionId)");
        if (!Ids.isValid(userId)) {
            throw new IllegalArgumentException(Ids.problem("userId", userId));
        }
        Objects.requireNonNull(role, "role: null (expected: a Role)");
        if (!Ids.isValid(sessionId)) {
            throw new IllegalArgumentException(Ids.problem("sessionId", sessionId));
        }
        Objects.requireNonNull(metadata, "metadata: null (expected: an Optional, empty when there is none)");
        Objects.requireNonNull(client, "client: null (expected: how the connection reached the server)");
        Objects.requireNonNull(tokenIssuedAt, "tokenIssuedAt: null (expected: the token's iat, or the epoch)");
    }

    /** A token without an issue time: treated as issued before any removal. */
    public JoinRequest(
            ConnectionId connection,
            String userId,
            Role role,
            String sessionId,
            Optional<Metadata> metadata,
            boolean audioMuted,
            boolean videoMuted,
            boolean e2ee,
            ClientInfo client) {
        this(connection, userId, role, sessionId, metadata, audioMuted, videoMuted, e2ee, client, Instant.EPOCH);
    }

    /** A client that does not encrypt its media end to end. */
    public JoinRequest(
            ConnectionId connection,
            String userId,
            Role role,
            String sessionId,
            Optional<Metadata> metadata,
            boolean audioMuted,
            boolean videoMuted,
            ClientInfo client) {
        this(connection, userId, role, sessionId, metadata, audioMuted, videoMuted, false, client);
    }
}
