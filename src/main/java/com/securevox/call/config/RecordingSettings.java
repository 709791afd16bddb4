package com.securevox.call.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where recordings are kept, for how long, and what is recorded.
 *
 * @param directory the folder of recordings, one folder per recording in it
 * @param retention how long after its end a recording is deleted; {@link Duration#ZERO}: kept for ever
 * @param recordAll every call that goes through the SFU is recorded, without being asked
 * @param compose besides one file per participant, one composed file of the whole call is made
 * @param minFree the free space (bytes) the recordings' file system must keep for recordings to start and go on; 0:
 *     not checked
 * @param programPath the folders the post-processing programs are looked for in (the PATH)
 */
public record RecordingSettings(
        Path directory, Duration retention, boolean recordAll, boolean compose, long minFree, String programPath) {
    /** Recordings stop, and new ones are refused, when their disk has less than this free: 1 GB. */
    public static final long DEFAULT_MIN_FREE = 1L << 30;

    /** Ten years: longer is a typo, and {@code Instant.minus} stays far from overflow. */
    public static final Duration MAX_RETENTION = Duration.ofDays(3650);

    public RecordingSettings {
        Objects.requireNonNull(directory, "directory: null (expected: the recordings' folder)");
        Objects.requireNonNull(retention, "retention: null (expected: a duration, 0 to keep for ever)");
        Objects.requireNonNull(programPath, "programPath: null (expected: folders separated by ':')");
        if (minFree < 0) {
            throw new IllegalArgumentException("minFree: " + minFree + " (expected: 0 or more bytes)");
        }
        if (retention.isNegative() || retention.compareTo(MAX_RETENTION) > 0) {
            throw new IllegalArgumentException("retention: " + Durations.format(retention) + " (expected: 0 to "
                    + Durations.format(MAX_RETENTION) + ")");
        }
    }

    /** Settings that look for the programs nowhere (tests of everything but the programs). */
    public RecordingSettings(Path directory, Duration retention, boolean recordAll, boolean compose) {
        this(directory, retention, recordAll, compose, DEFAULT_MIN_FREE, "");
    }

    /** Whether recordings are never deleted. */
    public boolean keepForever() {
        return retention.isZero();
    }

    /** For the start-up summary. */
    public String describe() {
        return directory + ", kept " + (keepForever() ? "for ever" : Durations.format(retention))
                + (recordAll ? ", every SFU call recorded" : "") + (compose ? ", composed file" : "")
                + (minFree == 0 ? ", free space not checked" : ", at least " + Sizes.format(minFree) + " kept free");
    }
}
