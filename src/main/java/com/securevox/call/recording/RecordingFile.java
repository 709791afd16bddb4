package com.securevox.call.recording;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One playable file of a recording.
 *
 * @param name the file's name in the recording's folder (letters, digits, {@code .-_}; no path)
 * @param userId whose media it holds; null for the composed file of the whole call
 * @param startOffset when its media starts, from the start of the recording
 * @param duration how long it plays
 * @param bytes its size
 */
public record RecordingFile(
        String name, String userId, Duration startOffset, Duration duration, boolean audio, boolean video, long bytes) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public RecordingFile {
        Objects.requireNonNull(name, "name: null (expected: a file name)");
        if (!NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException(
                    "name: \"" + name + "\" (expected: 1 to 128 letters, digits, '.', '-' or '_', no '..')");
        }
        Objects.requireNonNull(startOffset, "startOffset: null (expected: a duration >= 0)");
        Objects.requireNonNull(duration, "duration: null (expected: a duration >= 0)");
        if (startOffset.isNegative()) {
            throw new IllegalArgumentException("startOffset: " + startOffset + " (expected: >= 0)");
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration: " + duration + " (expected: >= 0)");
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 0)");
        }
    }

    /** Whether this is the composed file of the whole call rather than one participant's. */
    public boolean composed() {
        return userId == null;
    }
}
