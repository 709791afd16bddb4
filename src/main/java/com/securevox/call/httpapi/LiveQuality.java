package com.securevox.call.httpapi;

import java.util.Optional;

/** The MOS of a participant's latest quality report, for the live calls page's badges. Never blocks. */
@FunctionalInterface
public interface LiveQuality {
    LiveQuality NONE = (sessionId, userId) -> Optional.empty();

    Optional<Double> recentMos(String sessionId, String userId);
}
