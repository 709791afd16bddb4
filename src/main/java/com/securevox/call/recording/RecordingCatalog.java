package com.securevox.call.recording;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The recordings' rows, kept with the call history, and the webhooks they raise. Thread-safe; every method may block
 * on the database and throws an unchecked exception when the database refuses (nothing was written then).
 */
public interface RecordingCatalog {

    /** A recording began: its row, status {@link RecordingStatus#RECORDING}. */
    void started(RecordingId id, String sessionId, String startedBy, Instant at);

    /** Janus stopped writing at {@code endedAt}: status {@link RecordingStatus#PROCESSING}. */
    void processing(RecordingId id, Instant endedAt);

    /**
     * The files are made: status {@link RecordingStatus#READY} with its files, and a {@code recording.ready} webhook
     * queued in the same transaction.
     *
     * @param lost what was lost when {@code partial}, else null
     */
    void ready(RecordingId id, List<RecordingFile> files, boolean partial, String lost);

    /** Nothing playable: status {@link RecordingStatus#FAILED} and a {@code recording.failed} webhook, together. */
    void failed(RecordingId id, String reason);

    /** The recording, unless it does not exist or is being deleted. */
    Optional<RecordingInfo> find(RecordingId id);

    /** Recordings of one call (or of all calls when empty), the newest first, at most {@code limit}. */
    List<RecordingInfo> list(Optional<String> sessionId, int limit);

    /** Recordings ready or failed that ended before {@code cutoff}, the oldest first, at most {@code limit}. */
    List<RecordingId> endedBefore(Instant cutoff, int limit);

    /** Recordings still recording or processing: what a server that stopped left unfinished. */
    List<RecordingInfo> unfinished();

    /** Hides the recording from every read; its files are deleted next, then {@link #delete}. */
    void markDeleting(RecordingId id);

    /** Recordings marked for deletion whose deletion did not finish. */
    List<RecordingId> deleting();

    /** Removes the rows of a recording whose files are gone. */
    void delete(RecordingId id);
}
