package com.securevox.call.recording;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A recording as the catalog knows it.
 *
 * @param startedBy the userId of the host who started it, {@code api} for the backend, {@code server} when every SFU
 *     call is recorded
 * @param endedAt null while it is recording
 * @param partial whether something was lost (the SFU restarted, a stream could not be processed); the files that are
 *     there play
 * @param failure why it failed or what was lost; null when nothing was
 * @param files the playable files, empty until it is ready
 * @param node the node that made it, on whose disk its files are; null for a recording made before nodes were kept
 */
public record RecordingInfo(
        RecordingId id,
        String sessionId,
        String startedBy,
        Instant startedAt,
        Instant endedAt,
        RecordingStatus status,
        boolean partial,
        String failure,
        List<RecordingFile> files,
        String node) {
    public RecordingInfo {
        Objects.requireNonNull(id, "id: null (expected: a recording id)");
        Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
        Objects.requireNonNull(startedBy, "startedBy: null (expected: a userId, api or server)");
        Objects.requireNonNull(startedAt, "startedAt: null (expected: when it started)");
        Objects.requireNonNull(status, "status: null (expected: a recording status)");
        files = List.copyOf(Objects.requireNonNull(files, "files: null (expected: a list)"));
    }
}
