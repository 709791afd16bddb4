package com.securevox.call.quality;

import java.time.Instant;
import java.util.List;

/** A table of rows written in batches and deleted by age. Every method may block on the database. */
public interface Batches<T> {
    /**
     * Adds the rows, all or none; a row already stored is kept as it was.
     *
     * @throws RuntimeException if the database is unreachable or refuses
     */
    void append(List<T> rows);

    /** Deletes the rows older than {@code before}; returns how many. */
    int purge(Instant before);
}
