package com.securevox.call.media;

/**
 * How large a participant's video is shown on the receiving screen, in CSS pixels; 0×0 for not shown. The layer
 * sent to that screen follows from it.
 */
public record View(String userId, int width, int height) {
    public View {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("userId: " + userId + " (expected: a participant's user id)");
        }
        if (width < 0 || width > 16384) {
            throw new IllegalArgumentException("width: " + width + " (expected: 0 to 16384)");
        }
        if (height < 0 || height > 16384) {
            throw new IllegalArgumentException("height: " + height + " (expected: 0 to 16384)");
        }
    }
}
