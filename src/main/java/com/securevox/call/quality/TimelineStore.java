package com.securevox.call.quality;

import java.time.Instant;
import java.util.List;

/** Where the calls' event timelines are kept: the history database. Every method may block on it. */
public interface TimelineStore extends Batches<TimelineEvent> {
    /** The events of a session id from {@code from} (inclusive) to {@code to} (exclusive), in time order. */
    List<TimelineEvent> events(String sessionId, Instant from, Instant to);
}
