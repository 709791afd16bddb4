package com.securevox.call.call;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One call as the stats endpoint shows it.
 *
 * @param participants user ids in join order, including those in reconnect grace
 * @param e2ee its media is encrypted end to end
 * @param audioMuted the participants whose audio is muted, for the admin dashboard
 * @param videoMuted likewise for video
 */
public record CallSnapshot(
        String sessionId,
        List<String> participants,
        Instant startedAt,
        boolean e2ee,
        Set<String> audioMuted,
        Set<String> videoMuted) {
    public CallSnapshot {
        Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
        participants = List.copyOf(participants);
        Objects.requireNonNull(startedAt, "startedAt: null (expected: an Instant)");
        audioMuted = Set.copyOf(audioMuted);
        videoMuted = Set.copyOf(videoMuted);
    }

    /** A call in which nobody is muted. */
    public CallSnapshot(String sessionId, List<String> participants, Instant startedAt, boolean e2ee) {
        this(sessionId, participants, startedAt, e2ee, Set.of(), Set.of());
    }

    /** A call that is not encrypted end to end. */
    public CallSnapshot(String sessionId, List<String> participants, Instant startedAt) {
        this(sessionId, participants, startedAt, false);
    }
}
