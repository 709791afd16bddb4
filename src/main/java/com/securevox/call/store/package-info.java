/**
 * The call history: calls and participant sessions in SQLite (default, a file under the data directory) or
 * PostgreSQL, one schema migrated by Flyway at start, and the {@link com.securevox.call.store.HistoryRecorder} that
 * turns the domain's {@link com.securevox.call.call.CallFact}s into batched writes on its own thread, so that
 * signaling never waits for the database. The webhook outbox is in the same database; on PostgreSQL, shared by
 * several nodes, an advisory lock says which one node delivers it.
 *
 * <p>An adapter like the transport: it depends on the domain only, and nothing but the composition root and the HTTP
 * API's read side depends on it.
 */
package com.securevox.call.store;
