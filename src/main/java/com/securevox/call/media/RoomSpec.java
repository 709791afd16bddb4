package com.securevox.call.media;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a room is created with: at most {@code maxPublishers} publishers, each capped at {@code bitrate} bits/s (the
 * SFU asks publishers to stay under it), with audio levels reported when {@code audioLevels}, the folder the SFU
 * writes its raw recordings into when one of its publishers is recorded (none: it is never recorded), and whether
 * its media is encrypted end to end ({@code e2ee}: the SFU admits only publishers that say they encrypt).
 */
public record RoomSpec(
        RoomId room, int maxPublishers, int bitrate, boolean audioLevels, Optional<Path> recordings, boolean e2ee) {
    public RoomSpec {
        Objects.requireNonNull(room, "room: null (expected: the room's id)");
        if (maxPublishers <= 0) {
            throw new IllegalArgumentException("maxPublishers: " + maxPublishers + " (expected: > 0)");
        }
        if (bitrate < 0) {
            throw new IllegalArgumentException("bitrate: " + bitrate + " (expected: >= 0, 0 for no cap)");
        }
        Objects.requireNonNull(recordings, "recordings: null (expected: Optional.empty() for never recorded)");
        if (recordings.isPresent() && !recordings.get().isAbsolute()) {
            throw new IllegalArgumentException("recordings: " + recordings.get()
                    + " (expected: an absolute path, the SFU's working folder differs)");
        }
    }

    /** A room that is never recorded, its media not encrypted end to end. */
    public RoomSpec(RoomId room, int maxPublishers, int bitrate, boolean audioLevels) {
        this(room, maxPublishers, bitrate, audioLevels, Optional.empty(), false);
    }
}
