package com.securevox.call.recording;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One playable file of a recording.
 *
 * @param name the file's name in the recording's folder (letters, digits, {@code .-_}; no path)
 * @param userId whose media it holds; null for the composed file of the whole call
 * @param source what it holds: a participant's camera and microphone, their screen, or the whole call
 * @param startOffset when its media starts, from the start of the recording
 * @param duration how long it plays
 * @param bytes its size
 * @param pieces the stretches of the recording the file holds, one after the other: a participant who left and came
 *     back has one per presence, played back to back (never empty; the first starts at {@code startOffset})
 */
public record RecordingFile(
        String name,
        String userId,
        Source source,
        Duration startOffset,
        Duration duration,
        boolean audio,
        boolean video,
        long bytes,
        List<Piece> pieces) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** What a file holds. */
    public enum Source {
        /** A participant's camera and microphone (whatever of them they sent). */
        CAMERA,
        /** A participant's shared screen. */
        SCREEN,
        /** The whole call in a grid, everyone's audio mixed. */
        COMPOSED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The source of a wire name, or an error naming the value and the names expected. */
        public static Source of(String wireName) {
            for (Source source : values()) {
                if (source.wireName().equals(wireName)) {
                    return source;
                }
            }
            throw new IllegalArgumentException("source: " + (wireName == null ? "null" : "'" + wireName + "'")
                    + " (expected: camera, screen or" + " composed)");
        }
    }

    /**
     * One stretch of the recording in a file.
     *
     * @param startOffset where it happened, from the start of the recording
     * @param duration how long it plays in the file
     */
    public record Piece(Duration startOffset, Duration duration) {
        public Piece {
            Objects.requireNonNull(startOffset, "startOffset: null (expected: a duration >= 0)");
            Objects.requireNonNull(duration, "duration: null (expected: a duration >= 0)");
            if (startOffset.isNegative()) {
                throw new IllegalArgumentException("piece startOffset: " + startOffset + " (expected: >= 0)");
            }
            if (duration.isNegative()) {
                throw new IllegalArgumentException("piece duration: " + duration + " (expected: >= 0)");
            }
        }
    }

    public RecordingFile {
        Objects.requireNonNull(name, "name: null (expected: a file name)");
        if (!NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException(
                    "name: \"" + name + "\" (expected: 1 to 128 letters, digits, '.', '-' or '_', no '..')");
        }
        Objects.requireNonNull(source, "source: null (expected: camera, screen or composed)");
        if ((userId == null) != (source == Source.COMPOSED)) {
            throw new IllegalArgumentException("source: " + source.wireName() + " with userId "
                    + (userId == null ? "null" : "'" + userId + "'")
                    + " (expected: a userId for camera and screen files, none for the composed file)");
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
        Objects.requireNonNull(pieces, "pieces: null (expected: at least one piece)");
        pieces = List.copyOf(pieces);
        if (pieces.isEmpty()) {
            throw new IllegalArgumentException("pieces: none (expected: at least one piece)");
        }
        if (!pieces.getFirst().startOffset().equals(startOffset)) {
            throw new IllegalArgumentException("pieces: the first starts at "
                    + pieces.getFirst().startOffset() + " (expected: the file's startOffset, " + startOffset + ")");
        }
    }

    /** A file of one stretch: a participant's camera (or the composed file when {@code userId} is null). */
    public RecordingFile(
            String name,
            String userId,
            Duration startOffset,
            Duration duration,
            boolean audio,
            boolean video,
            long bytes) {
        this(
                name,
                userId,
                userId == null ? Source.COMPOSED : Source.CAMERA,
                startOffset,
                duration,
                audio,
                video,
                bytes,
                List.of(new Piece(startOffset, duration)));
    }

    /** Whether this is the composed file of the whole call rather than one participant's. */
    public boolean composed() {
        return userId == null;
    }
}
