package com.securevox.call.store;

/** What the recorder counts, for whoever exports it. Called on any thread: an implementation must only count. */
public interface HistoryMetrics {
    /** {@code records} facts will never reach the database (queue full, or the database was gone too long). */
    void dropped(int records);
}
