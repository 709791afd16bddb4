package com.securevox.call.media;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One participant's presence in a room. {@code id} is unique in the room for the life of the room (a user who
 * reconnects gets a new one), so a late message about an old connection can never reach the new one.
 */
public record MediaParticipant(RoomId room, String id, String userId) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:@#-]{1,128}");

    public MediaParticipant {
        Objects.requireNonNull(room, "room: null (expected: the room's id)");
        checkId("id", id);
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("userId: " + userId + " (expected: the user's id)");
        }
    }

    public FeedId feed() {
        return new FeedId(id);
    }

    static void checkId(String name, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new IllegalArgumentException(name + ": " + (value == null ? "null" : "'" + value + "'")
                    + " (expected: 1 to 128 of A-Z a-z 0-9 _ . : @ # -)");
        }
    }
}
