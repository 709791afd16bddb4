package com.securevox.call.store;

import static com.securevox.call.store.JdbcHistoryStore.optionalInstant;
import static com.securevox.call.store.JdbcHistoryStore.prepare;
import static com.securevox.call.store.JdbcHistoryStore.update;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rings in the history ({@code call_rings}, {@code call_ring_invitees}): their writes, idempotent like every
 * {@link HistoryWrite}, and the ring of a recorded call. Statements only; {@link JdbcHistoryStore} owns the
 * connections and transactions.
 */
final class JdbcRings {
    private static final String INSERT_RING = "INSERT INTO call_rings (ring_id, session_id, caller, media, created_at)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (ring_id) DO NOTHING";
    private static final String INSERT_INVITEE = "INSERT INTO call_ring_invitees (ring_id, user_id, position, state)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (ring_id, user_id) DO NOTHING";
    private static final String DECIDE = "UPDATE call_ring_invitees SET state = ?, decided_at = ?"
            + " WHERE ring_id = ? AND user_id = ? AND decided_at IS NULL";
    private static final String CLOSE_RING =
            "UPDATE call_rings SET ended_at = ? WHERE ring_id = ? AND ended_at IS NULL";
    // The latest ring of the call's session id rung before the call ended (or at all, while it goes on).
    private static final String RING_OF_CALL = "SELECT ring_id, caller, media, created_at, ended_at FROM call_rings"
            + " WHERE session_id = ? AND created_at <= ? ORDER BY created_at DESC, ring_id DESC LIMIT 1";
    private static final String INVITEES =
            "SELECT user_id, state, decided_at FROM call_ring_invitees" + " WHERE ring_id = ? ORDER BY position";

    private JdbcRings() {}

    static void opened(Connection connection, HistoryWrite.RingOpened w) throws SQLException {
        update(
                connection,
                INSERT_RING,
                w.ringId(),
                w.sessionId(),
                w.caller(),
                w.media(),
                w.createdAt().toEpochMilli());
        int position = 0;
        for (Map.Entry<String, String> invitee : w.invitees()) {
            update(connection, INSERT_INVITEE, w.ringId(), invitee.getKey(), position++, invitee.getValue());
        }
    }

    static void decided(Connection connection, HistoryWrite.InviteeDecided w) throws SQLException {
        update(connection, DECIDE, w.state(), w.at().toEpochMilli(), w.ringId(), w.userId());
    }

    static void closed(Connection connection, HistoryWrite.RingClosed w) throws SQLException {
        update(connection, CLOSE_RING, w.endedAt().toEpochMilli(), w.ringId());
    }

    /** The ring of {@code call}, if it was rung. */
    static Optional<RingRecord> of(Connection connection, CallRecord call) throws SQLException {
        long until = call.endedAt().map(Instant::toEpochMilli).orElse(Long.MAX_VALUE);
        String ringId;
        String caller;
        String media;
        Instant createdAt;
        Optional<Instant> endedAt;
        try (PreparedStatement statement = prepare(connection, RING_OF_CALL, call.sessionId(), until);
                ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            ringId = rows.getString(1);
            caller = rows.getString(2);
            media = rows.getString(3);
            createdAt = Instant.ofEpochMilli(rows.getLong(4));
            endedAt = optionalInstant(rows, 5);
        }
        List<RingRecord.Invitee> invitees = new ArrayList<>();
        try (PreparedStatement statement = prepare(connection, INVITEES, ringId);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                invitees.add(new RingRecord.Invitee(rows.getString(1), rows.getString(2), optionalInstant(rows, 3)));
            }
        }
        return Optional.of(new RingRecord(ringId, caller, media, createdAt, endedAt, invitees));
    }
}
