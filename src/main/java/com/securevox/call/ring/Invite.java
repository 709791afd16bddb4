package com.securevox.call.ring;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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

    /** Refuses an invite of oneself or of someone twice, naming the entry. */
    public void check(String caller) {
        if (to.isEmpty()) {
            throw new RingException(RingError.INVALID, "to: [] (expected: 1 or more user ids)");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < to.size(); i++) {
            if (to.get(i).equals(caller)) {
                throw new RingException(
                        RingError.INVALID, "to[" + i + "]: '" + caller + "' (expected: someone else: it is you)");
            }
            if (!seen.add(to.get(i))) {
                throw new RingException(
                        RingError.INVALID, "to[" + i + "]: '" + to.get(i) + "' (expected: each user once)");
            }
        }
    }
}
