package com.securevox.call.ring;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code call_invite}: ring {@code to} for call {@code sessionId} (made by the server when empty). {@code
 * metadataJson} is the caller's metadata object as JSON text.
 */
public record Invite(List<String> to, Optional<String> sessionId, PushRing.Media media, Optional<String> metadataJson) {
    public Invite {
        to = List.copyOf(to);
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(metadataJson, "metadataJson");
    }
}
