package com.securevox.call.call;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One participant as the clients see it ({@code {userId, role, audioMuted, videoMuted, joinedAt, metadata}}).
 * Immutable, so events carrying it can be handed to other threads after the call's lock is released.
 */
public record Participant(
        String userId,
        Role role,
        boolean audioMuted,
        boolean videoMuted,
        Instant joinedAt,
        Optional<Metadata> metadata) {

    public Participant {
        if (!Ids.isValid(userId)) {
            throw new IllegalArgumentException(Ids.problem("userId", userId));
        }
        Objects.requireNonNull(role, "role: null (expected: a Role)");
        Objects.requireNonNull(joinedAt, "joinedAt: null (expected: an Instant)");
        Objects.requireNonNull(metadata, "metadata: null (expected: an Optional, empty when there is none)");
    }

    /** This participant with the {@code kind} track muted or unmuted; everything else unchanged. */
    public Participant withMuted(MediaKind kind, boolean muted) {
        Objects.requireNonNull(kind, "kind: null (expected: a MediaKind)");
        return switch (kind) {
            case AUDIO -> new Participant(userId, role, muted, videoMuted, joinedAt, metadata);
            case VIDEO -> new Participant(userId, role, audioMuted, muted, joinedAt, metadata);
        };
    }
}
