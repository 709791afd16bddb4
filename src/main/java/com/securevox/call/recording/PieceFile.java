package com.securevox.call.recording;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One presence's stream made playable, in the recording's work folder: a participant's camera and microphone, or one
 * shared screen, from when they began publishing it to when they left or the recording stopped.
 *
 * @param startOffset when its media starts, from the start of the recording
 */
record PieceFile(
        String userId,
        RecordingFile.Source source,
        Path file,
        Duration startOffset,
        Duration duration,
        boolean audio,
        boolean video) {
    RecordingFile.Piece piece() {
        return new RecordingFile.Piece(startOffset, duration);
    }

    /** Whether {@code other} has the same streams, so the two can be joined without re-encoding. */
    boolean sameStreams(PieceFile other) {
        return audio == other.audio && video == other.video;
    }
}
