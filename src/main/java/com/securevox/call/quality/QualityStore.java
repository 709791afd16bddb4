package com.securevox.call.quality;

import java.time.Instant;
import java.util.List;

/** Where the timelines are kept: the history database. Every method may block on it. */
public interface QualityStore {
    /**
     * Adds the points, all or none; a point already stored (same call, participant and time) is kept as it was.
     *
     * @throws RuntimeException if the database is unreachable or refuses
     */
    void append(List<ParticipantPoint> points);

    /** The points of a session id from {@code from} (inclusive) to {@code to} (exclusive), in time order. */
    List<ParticipantPoint> timeline(String sessionId, Instant from, Instant to);

    /** Deletes the points older than {@code before}; returns how many. */
    int purge(Instant before);
}
