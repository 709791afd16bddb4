package com.securevox.call.quality;

import java.time.Instant;
import java.util.List;

/** Where the timelines are kept: the history database. Every method may block on it. */
public interface QualityStore extends Batches<ParticipantPoint> {

    /** The points of a session id from {@code from} (inclusive) to {@code to} (exclusive), in time order. */
    List<ParticipantPoint> timeline(String sessionId, Instant from, Instant to);
}
