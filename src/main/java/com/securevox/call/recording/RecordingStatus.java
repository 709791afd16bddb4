package com.securevox.call.recording;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a recording is in its life. */
public enum RecordingStatus {
    /** Janus is writing its streams. */
    RECORDING,
    /** The call (or the recording) ended; the post-processor is making the files. */
    PROCESSING,
    /** The files are there; {@code partial} says whether something was lost on the way. */
    READY,
    /** Nothing playable could be made; the failure says why. */
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RecordingStatus> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
