package com.securevox.call.ring;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What a push about one ring carries. {@code ringId} is a UUID, usable as CallKit's call UUID; {@code metadataJson} is
 * the caller's metadata object as JSON text ("{}" when none); {@code expiresAt} is when the ring ends (APNs expiration,
 * FCM TTL).
 */
public record PushRing(
        UUID ringId,
        String sessionId,
        String fromUserId,
        String metadataJson,
        Media media,
        List<String> invitees,
        Instant expiresAt) {

    public PushRing {
        Objects.requireNonNull(ringId, "ringId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(fromUserId, "fromUserId");
        Objects.requireNonNull(metadataJson, "metadataJson");
        Objects.requireNonNull(media, "media");
        invitees = List.copyOf(invitees);
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** The call's media as invited: {@code audio} or {@code video} on the wire. */
    public enum Media {
        AUDIO,
        VIDEO;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
