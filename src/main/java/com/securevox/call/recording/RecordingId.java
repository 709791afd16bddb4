package com.securevox.call.recording;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A recording's id: {@code rec_} and 24 lowercase hex digits. Random, so an id seen in a URL tells nothing about
 * others; safe as a folder and file name.
 */
public record RecordingId(String value) {
    private static final Pattern FORM = Pattern.compile("rec_[0-9a-f]{24}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public RecordingId {
        Objects.requireNonNull(value, "recording id: null (expected: rec_ and 24 hex digits)");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "recording id: \"" + abbreviated(value) + "\" (expected: rec_ and 24 lowercase hex digits)");
        }
    }

    public static RecordingId random() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return new RecordingId("rec_" + HexFormat.of().formatHex(bytes));
    }

    private static String abbreviated(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    @Override
    public String toString() {
        return value;
    }
}
