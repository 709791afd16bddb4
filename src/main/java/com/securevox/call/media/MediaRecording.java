package com.securevox.call.media;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How calls on the SFU are recorded.
 *
 * @param spool the folder the SFU writes raw recordings into; empty: recording is off
 * @param recordAll whether every call is recorded from the moment it goes through the SFU
 * @param takeIds a new recording id per call, each usable as a file name
 * @param sink who turns the raw files into recordings
 * @param room whether the spool's disk has room to start a recording
 */
public record MediaRecording(
        Optional<Path> spool, boolean recordAll, Supplier<String> takeIds, RecordingSink sink, RecordingRoom room) {
    /** Calls are never recorded. */
    public static final MediaRecording OFF = new MediaRecording(Optional.empty(), false, () -> "", event -> {});

    public MediaRecording {
        Objects.requireNonNull(spool, "spool: null (expected: Optional.empty() when recording is off)");
        Objects.requireNonNull(takeIds, "takeIds: null (expected: a supplier of recording ids)");
        Objects.requireNonNull(sink, "sink: null (expected: where recording events go)");
        Objects.requireNonNull(room, "room: null (expected: RecordingRoom.UNCHECKED when the disk is not checked)");
        if (recordAll && spool.isEmpty()) {
            throw new IllegalArgumentException(
                    "recordAll: true with no spool folder (expected: a folder to record into)");
        }
    }

    /** Recording whatever the disk's free space. */
    public MediaRecording(Optional<Path> spool, boolean recordAll, Supplier<String> takeIds, RecordingSink sink) {
        this(spool, recordAll, takeIds, sink, RecordingRoom.UNCHECKED);
    }

    public boolean enabled() {
        return spool.isPresent();
    }
}
