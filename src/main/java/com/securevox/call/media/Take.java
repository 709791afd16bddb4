package com.securevox.call.media;

import java.util.HashMap;
import java.util.Map;

/** A call's recording in progress. Confined to {@link SfuCalls}'s thread. */
final class Take {
    final String id;
    final String by;
    /** The presences recorded now → their file base. */
    final Map<MediaParticipant, String> recorded = new HashMap<>();

    Take(String id, String by) {
        this.id = id;
        this.by = by;
    }
}
