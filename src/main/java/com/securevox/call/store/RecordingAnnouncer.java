package com.securevox.call.store;

/**
 * Writes a recording's outcome together with the webhook event that announces it, numbered in its call's stream.
 * Implemented by the webhook recorder, which alone numbers calls' events (see {@link HistoryStore#recordings}).
 */
public interface RecordingAnnouncer {

    /**
     * Writes the outcome and its event in one transaction and returns once both are written; an outcome whose
     * recording was settled already writes nothing.
     *
     * @throws HistoryStoreException if they could not be written; nothing was then
     */
    void announce(RecordingOutcome outcome);
}
