package com.securevox.call.httpapi;

import com.securevox.call.quality.CallQuality;
import java.util.Optional;

/** The quality timelines of recorded calls, from the history database. May block. */
@FunctionalInterface
public interface CallQualitySource {
    CallQualitySource NONE = sessionId -> Optional.empty();

    /**
     * The latest call of {@code sessionId}'s quality; empty when the history has no call of that id.
     *
     * @throws com.securevox.call.store.HistoryStoreException if the database is unreachable
     */
    Optional<CallQuality> quality(String sessionId);
}
