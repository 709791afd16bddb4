package com.securevox.call.janus;

import com.securevox.call.media.MediaParticipant;
import java.util.Objects;

/** A participant's publisher handle in Janus: where the Admin API's {@code handle_info} finds its upload. */
public record PublisherHandle(MediaParticipant who, long session, long handle) {
    public PublisherHandle {
        Objects.requireNonNull(who, "who");
        if (session <= 0 || handle <= 0) {
            throw new IllegalArgumentException(
                    "publisher handle: session " + session + ", handle " + handle + " (expected: Janus's ids, > 0)");
        }
    }
}
