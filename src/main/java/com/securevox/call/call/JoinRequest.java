package com.securevox.call.call;

import java.util.Objects;
import java.util.Optional;

/**
 * A connection asking to join a call as an authenticated user. {@code metadata}, {@code audioMuted} and {@code
 * videoMuted} only shape a new participant and {@code client} only its recorded
 * session; a reconnect or replace keeps the participant as it was.
 */
public record JoinRequest(
        ConnectionId connection,
        String userId,
        Role role,
        String sessionId,
        Optional<Metadata> metadata,
        boolean audioMuted,
        boolean videoMuted,
        ClientInfo client) {

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
    }
}
