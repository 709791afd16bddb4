package com.securevox.call.media;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A room's id in the SFU. Random (128 bits) rather than derived from the call, so knowing a call's id never lets
 * anyone name its room; it is never given to clients either.
 */
public record RoomId(String value) {
    private static final Pattern SHAPE = Pattern.compile("r-[A-Za-z0-9_-]{22}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public RoomId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("RoomId.value: " + (value == null ? "null" : "'" + value + "'")
                    + " (expected: r- and 22 base64url characters)");
        }
    }

    public static RoomId random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return new RoomId("r-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }
}
