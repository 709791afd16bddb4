package com.securevox.call.store;

import java.util.List;

/** The call history in a database. Thread-safe; every method may block on the database. */
public interface HistoryStore extends CallHistory, AutoCloseable {

    /**
     * Applies the writes in order, all or none (one transaction).
     *
     * @throws HistoryStoreException if the database is unreachable or refuses; nothing was written then
     */
    void write(List<HistoryWrite> batch);

    /** The webhook outbox, in the same database. */
    WebhookOutbox webhooks();

    /** Which database this is, for logs: never credentials. */
    String describe();

    @Override
    void close();
}
