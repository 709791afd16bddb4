package com.securevox.call.store;

import com.securevox.call.media.MediaMode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One recorded call with its participant sessions in join order. {@code endedAt}, {@code durationSeconds} and
 * {@code endReason} are empty while the call goes on (or if the server died before it ended). {@code media} is what
 * the call used: {@code sfu} if its media went through the SFU at any point, else {@code mesh}; {@code e2ee} whether
 * it was encrypted end to end; {@code ring} the ring that called its parties, if it was rung.
 */
public record CallRecord(
        String id,
        String sessionId,
        Instant startedAt,
        Optional<Instant> endedAt,
        Optional<Long> durationSeconds,
        int peakParticipants,
        Optional<String> endReason,
        String media,
        boolean e2ee,
        List<ParticipantRecord> participants,
        Optional<RingRecord> ring) {

    /** The values of {@code media}: the wire names of the modes. */
    public static final Set<String> MEDIA = Set.of(MediaMode.MESH.wireName(), MediaMode.SFU.wireName());

    public CallRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(durationSeconds, "durationSeconds");
        Objects.requireNonNull(endReason, "endReason");
        Objects.requireNonNull(media, "media");
        if (!MEDIA.contains(media)) {
            throw new IllegalArgumentException("media: '" + media + "' (expected: mesh or sfu)");
        }
        participants = List.copyOf(participants);
        Objects.requireNonNull(ring, "ring");
    }

    CallRecord withParticipants(List<ParticipantRecord> all) {
        return with(all, ring);
    }

    CallRecord withRing(Optional<RingRecord> rung) {
        return with(participants, rung);
    }

    private CallRecord with(List<ParticipantRecord> all, Optional<RingRecord> rung) {
        return new CallRecord(
                id,
                sessionId,
                startedAt,
                endedAt,
                durationSeconds,
                peakParticipants,
                endReason,
                media,
                e2ee,
                all,
                rung);
    }
}
