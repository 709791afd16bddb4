package com.securevox.call.media;

import java.util.Objects;

/**
 * What a room is created with: at most {@code maxPublishers} publishers, each capped at {@code bitrate} bits/s (the
 * SFU asks publishers to stay under it), with audio levels reported when {@code audioLevels}.
 */
public record RoomSpec(RoomId room, int maxPublishers, int bitrate, boolean audioLevels) {
    public RoomSpec {
        Objects.requireNonNull(room, "room: null (expected: the room's id)");
        if (maxPublishers <= 0) {
            throw new IllegalArgumentException("maxPublishers: " + maxPublishers + " (expected: > 0)");
        }
        if (bitrate < 0) {
            throw new IllegalArgumentException("bitrate: " + bitrate + " (expected: >= 0, 0 for no cap)");
        }
    }
}
