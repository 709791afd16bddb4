package com.securevox.call.store;

import static com.securevox.call.store.JdbcHistoryStore.marks;
import static com.securevox.call.store.JdbcHistoryStore.optionalInstant;
import static com.securevox.call.store.JdbcHistoryStore.prepare;
import static com.securevox.call.store.JdbcHistoryStore.update;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rings in the history ({@code call_rings}, {@code call_ring_invitees}): their writes, idempotent like every
 * {@link HistoryWrite}, and the rings of recorded calls. Statements only; {@link JdbcHistoryStore} owns the
 * connections and transactions.
 */
final class JdbcRings {
    private static final String INSERT_RING =
            "INSERT INTO call_rings (ring_id, session_id, caller, media, created_at, added_to)"
                    + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (ring_id) DO NOTHING";
    private static final String INSERT_INVITEE = "INSERT INTO call_ring_invitees (ring_id, user_id, position, state)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (ring_id, user_id) DO NOTHING";
    private static final String DECIDE = "UPDATE call_ring_invitees SET state = ?, decided_at = ?"
            + " WHERE ring_id = ? AND user_id = ? AND decided_at IS NULL";
    private static final String CLOSE_RING =
            "UPDATE call_rings SET ended_at = ? WHERE ring_id = ? AND ended_at IS NULL";
    // Every ring of the page's session ids, latest first: each call takes the first one rung before it ended that adds
    // to none, and the rings that add to that one.
    private static final String RINGS_OF_SESSIONS = "SELECT ring_id, session_id, caller, media, created_at, ended_at,"
            + " added_to FROM call_rings WHERE session_id IN (%s) ORDER BY created_at DESC, ring_id DESC";
    private static final String INVITEES = "SELECT ring_id, user_id, state, decided_at FROM call_ring_invitees"
            + " WHERE ring_id IN (%s) ORDER BY ring_id, position";

    private JdbcRings() {}

    static void opened(Connection connection, HistoryWrite.RingOpened w) throws SQLException {
        update(
                connection,
                INSERT_RING,
                w.ringId(),
                w.sessionId(),
                w.caller(),
                w.media(),
                w.createdAt().toEpochMilli(),
                w.addedTo().orElse(null));
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

    /**
     * The calls, each with its ring if it was rung: the latest ring of its session id rung before it ended (or at all,
     * while it goes on) other than one adding people to a call, with the rings that added people to it. Two queries
     * for the whole page, whatever its size.
     */
    static List<CallRecord> of(Connection connection, List<CallRecord> calls) throws SQLException {
        if (calls.isEmpty()) {
            return calls;
        }
        List<String> sessions =
                calls.stream().map(CallRecord::sessionId).distinct().toList();
        Map<String, List<RingRow>> bySession = new HashMap<>();
        try (PreparedStatement statement =
                        prepare(connection, RINGS_OF_SESSIONS.formatted(marks(sessions.size())), sessions.toArray());
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                bySession
                        .computeIfAbsent(rows.getString(2), s -> new ArrayList<>())
                        .add(new RingRow(
                                rows.getString(1),
                                rows.getString(3),
                                rows.getString(4),
                                Instant.ofEpochMilli(rows.getLong(5)),
                                optionalInstant(rows, 6),
                                Optional.ofNullable(rows.getString(7))));
            }
        }
        Map<String, RingRow> ringOfCall = new HashMap<>();
        Map<String, List<RingRow>> added = new HashMap<>();
        for (CallRecord call : calls) {
            Instant until = call.endedAt().orElse(Instant.MAX);
            List<RingRow> rings = bySession.getOrDefault(call.sessionId(), List.of());
            rings.stream()
                    .filter(r -> r.addedTo().isEmpty() && !r.createdAt().isAfter(until))
                    .findFirst()
                    .ifPresent(first -> {
                        ringOfCall.put(call.id(), first);
                        added.put(
                                first.ringId(),
                                rings.stream()
                                        .filter(r -> r.addedTo().equals(Optional.of(first.ringId())))
                                        .toList()
                                        .reversed());
                    });
        }
        List<RingRow> shown = new ArrayList<>(ringOfCall.values());
        added.values().forEach(shown::addAll);
        Map<String, List<RingRecord.Invitee>> invitees = invitees(connection, shown);
        return calls.stream()
                .map(call -> call.withRing(Optional.ofNullable(ringOfCall.get(call.id()))
                        .map(first -> first.record(
                                invitees,
                                added.get(first.ringId()).stream()
                                        .map(r -> r.record(invitees, List.of()))
                                        .toList()))))
                .toList();
    }

    private static Map<String, List<RingRecord.Invitee>> invitees(Connection connection, Collection<RingRow> rings)
            throws SQLException {
        Map<String, List<RingRecord.Invitee>> byRing = new HashMap<>();
        List<String> ids = rings.stream().map(RingRow::ringId).distinct().toList();
        if (ids.isEmpty()) {
            return byRing;
        }
        try (PreparedStatement statement = prepare(connection, INVITEES.formatted(marks(ids.size())), ids.toArray());
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                byRing.computeIfAbsent(rows.getString(1), r -> new ArrayList<>())
                        .add(new RingRecord.Invitee(rows.getString(2), rows.getString(3), optionalInstant(rows, 4)));
            }
        }
        return byRing;
    }

    private record RingRow(
            String ringId,
            String caller,
            String media,
            Instant createdAt,
            Optional<Instant> endedAt,
            Optional<String> addedTo) {
        RingRecord record(Map<String, List<RingRecord.Invitee>> invitees, List<RingRecord> added) {
            return new RingRecord(
                    ringId, caller, media, createdAt, endedAt, invitees.getOrDefault(ringId, List.of()), added);
        }
    }
}
