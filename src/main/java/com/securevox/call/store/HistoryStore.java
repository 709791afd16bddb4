package com.securevox.call.store;

import com.securevox.call.admin.AdminSessionStore;
import com.securevox.call.push.DeviceRegistry;
import com.securevox.call.quality.QualityStore;
import com.securevox.call.quality.TimelineStore;
import com.securevox.call.recording.RecordingCatalog;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The call history in a database. Thread-safe; every method may block on the database. */
public interface HistoryStore extends CallHistory, AutoCloseable {

    /**
     * Applies the writes in order, all or none (one transaction).
     *
     * @throws HistoryStoreException if the database is unreachable or refuses; nothing was written then
     */
    void write(List<HistoryWrite> batch);

    /**
     * The open row of the call of {@code sessionId} that started at {@code startedAt} (to the millisecond, as stored),
     * with its open participant rows; empty if there is none (never written, or closed already).
     *
     * @throws HistoryStoreException if the database is unreachable or refuses
     */
    Optional<OpenCall> openCall(String sessionId, Instant startedAt);

    /** The webhook outbox, in the same database. */
    WebhookOutbox webhooks();

    /**
     * The recordings' catalog, in the same database.
     *
     * @param webhooks how a recording's outcome is written with its webhook event when webhooks are on; without, its
     *     outcome is written alone
     * @param node the node recording, whose id each recording it starts is written with
     */
    RecordingCatalog recordings(Clock clock, Optional<RecordingAnnouncer> webhooks, RecordingNode node);

    /** The push device registry, in the same database. */
    DeviceRegistry devices(Clock clock);

    /** The call quality timelines, in the same database. */
    QualityStore quality();

    /** The admin dashboard's sessions, in the same database. */
    AdminSessionStore adminSessions();

    /** The calls' event timelines, in the same database. */
    TimelineStore timeline();

    /** Which database this is, for logs: never credentials. */
    String describe();

    @Override
    void close();
}
