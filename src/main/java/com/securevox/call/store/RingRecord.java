package com.securevox.call.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The ring of a rung call: who rang ({@code from}) with which {@code media}, when, when nobody could answer any more
 * ({@code endedAt}, empty while someone may), and each invitee in the invite's order; {@code added}: the rings that
 * added people to the call while it went on, oldest first (each with {@code from} the one who added, and no {@code
 * added} of its own).
 */
public record RingRecord(
        String ringId,
        String from,
        String media,
        Instant createdAt,
        Optional<Instant> endedAt,
        List<Invitee> invitees,
        List<RingRecord> added) {
    public RingRecord {
        Objects.requireNonNull(ringId, "ringId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(endedAt, "endedAt");
        invitees = List.copyOf(invitees);
        added = List.copyOf(added);
    }

    /** A ring nobody was added to. */
    public RingRecord(
            String ringId,
            String from,
            String media,
            Instant createdAt,
            Optional<Instant> endedAt,
            List<Invitee> invitees) {
        this(ringId, from, media, createdAt, endedAt, invitees, List.of());
    }

    /** One invitee: its outcome and when it came ({@code at}), or its first state and no {@code at} while undecided. */
    public record Invitee(String userId, String state, Optional<Instant> at) {
        public Invitee {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(at, "at");
        }
    }
}
