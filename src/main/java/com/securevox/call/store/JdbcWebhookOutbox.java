package com.securevox.call.store;

import static com.securevox.call.store.JdbcHistoryStore.prepare;
import static com.securevox.call.store.JdbcHistoryStore.rollbackQuietly;
import static com.securevox.call.store.JdbcHistoryStore.update;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The webhook outbox over JDBC, in the history database; the statements are the same on SQLite and PostgreSQL. */
final class JdbcWebhookOutbox implements WebhookOutbox {
    private static final int MAX_ERROR_CHARS = 500;
    private static final String COLUMNS = "e.id, e.session_id, e.sequence, e.type, e.created_at, e.body, e.status,"
            + " e.attempts, e.window_start, e.next_attempt_at, e.last_attempt_at, e.last_error, e.delivered_at,"
            + " e.call_started_at";
    private static final String INSERT = "INSERT INTO webhook_events (id, position, session_id, sequence, type,"
            + " created_at, body, status, attempts, window_start, next_attempt_at, call_started_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
    // The call of a session that was in progress at a time: the latest one that started by then.
    private static final String LAST_OF_CALL = "SELECT e.call_started_at, MAX(e.sequence) FROM webhook_events e"
            + " WHERE e.session_id = ? AND e.call_started_at = (SELECT MAX(s.call_started_at) FROM webhook_events s"
            + " WHERE s.session_id = ? AND s.call_started_at <= ?) GROUP BY e.call_started_at";
    private static final String PARTICIPATION = "SELECT e.body FROM webhook_events e WHERE e.session_id = ?"
            + " AND e.call_started_at = ? AND (e.type = 'call.started' OR e.type LIKE 'participant.%')"
            + " ORDER BY e.sequence";
    private static final String HISTORY_ROWS = "SELECT p.user_id, p.role, p.joined_at, p.left_at, p.leave_reason,"
            + " p.transport, p.user_agent FROM call_participants p JOIN calls c ON c.id = p.call_id"
            + " WHERE c.session_id = ? AND c.started_at = ? ORDER BY p.joined_at, p.id";
    // The highest number of one call's events, read after TAKE_POSITIONS: no other append commits meanwhile.
    private static final String LAST_NUMBER =
            "SELECT MAX(e.sequence) FROM webhook_events e WHERE e.session_id = ?" + " AND e.call_started_at = ?";
    private static final String EXISTS = "SELECT 1 FROM webhook_events e WHERE e.id = ?";
    // Holds the row until commit: another node's append waits for it, so positions are neither shared nor committed
    // out of their order.
    private static final String TAKE_POSITIONS =
            "UPDATE webhook_position SET last_position = last_position + ? WHERE id = 1";
    // The head of each call's queue: no pending event of the same call comes before it.
    private static final String DUE = "SELECT " + COLUMNS + " FROM webhook_events e WHERE e.status = 'pending'"
            + " AND NOT EXISTS (SELECT 1 FROM webhook_events o WHERE o.status = 'pending'"
            + " AND o.session_id = e.session_id AND o.position < e.position)"
            + " AND e.next_attempt_at <= ? ORDER BY e.position LIMIT ?";
    private static final String DELIVERED = "UPDATE webhook_events SET status = 'delivered', attempts = attempts + 1,"
            + " last_attempt_at = ?, delivered_at = ?, last_error = NULL WHERE id = ? AND status = 'pending'";
    private static final String FAILED = "UPDATE webhook_events SET attempts = attempts + 1, last_attempt_at = ?,"
            + " next_attempt_at = ?, last_error = ? WHERE id = ? AND status = 'pending'";
    private static final String DEAD = "UPDATE webhook_events SET status = 'dead', attempts = attempts + 1,"
            + " last_attempt_at = ?, last_error = ? WHERE id = ? AND status = 'pending'";
    private static final String RETRY = "UPDATE webhook_events SET status = 'pending', window_start = ?,"
            + " next_attempt_at = ? WHERE id = ? AND status = 'dead'";

    private final DataSource dataSource;
    private final OutboxLead lead;

    JdbcWebhookOutbox(DataSource dataSource, OutboxLead lead) {
        this.dataSource = dataSource;
        this.lead = lead;
    }

    @Override
    public boolean leads() {
        return lead.leads();
    }

    @Override
    public synchronized void enqueue(List<WebhookEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long position = takePositions(connection, events.size());
                if (exists(connection, events.getFirst().id())) {
                    // A retry of an append that committed although its answer was lost: all of it is there.
                    rollbackQuietly(connection);
                    return;
                }
                checkNumbers(connection, events);
                for (WebhookEvent event : events) {
                    insert(connection, event, ++position);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw failure("cannot queue " + events.size() + " webhook events", e);
        }
    }

    @Override
    public synchronized boolean enqueue(WebhookEvent event, RecordingOutcome outcome) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!JdbcRecordingStore.settle(connection, outcome)) {
                    rollbackQuietly(connection);
                    return false;
                }
                long position = takePositions(connection, 1);
                checkNumbers(connection, List.of(event));
                insert(connection, event, position + 1);
                connection.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw failure("cannot settle " + outcome.recording().id() + " with its webhook event", e);
        }
    }

    @Override
    public Optional<CallSequence> lastOfCall(String sessionId, Instant at) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement =
                        prepare(connection, LAST_OF_CALL, sessionId, sessionId, at.toEpochMilli());
                ResultSet rows = statement.executeQuery()) {
            return rows.next()
                    ? Optional.of(new CallSequence(Instant.ofEpochMilli(rows.getLong(1)), rows.getLong(2)))
                    : Optional.empty();
        } catch (SQLException e) {
            throw failure("cannot read the webhook outbox", e);
        }
    }

    @Override
    public List<String> participation(String sessionId, Instant callStartedAt) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement =
                        prepare(connection, PARTICIPATION, sessionId, callStartedAt.toEpochMilli());
                ResultSet rows = statement.executeQuery()) {
            List<String> bodies = new ArrayList<>();
            while (rows.next()) {
                bodies.add(rows.getString(1));
            }
            return bodies;
        } catch (SQLException e) {
            throw failure("cannot read the webhook outbox", e);
        }
    }

    @Override
    public List<ParticipantRecord> historyRows(String sessionId, Instant startedAt) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, HISTORY_ROWS, sessionId, startedAt.toEpochMilli());
                ResultSet rows = statement.executeQuery()) {
            List<ParticipantRecord> participants = new ArrayList<>();
            while (rows.next()) {
                participants.add(new ParticipantRecord(
                        rows.getString(1),
                        rows.getString(2),
                        Instant.ofEpochMilli(rows.getLong(3)),
                        JdbcHistoryStore.optionalInstant(rows, 4),
                        Optional.ofNullable(rows.getString(5)),
                        rows.getString(6),
                        rows.getString(7)));
            }
            return participants;
        } catch (SQLException e) {
            throw failure("cannot read the history of the call", e);
        }
    }

    private static void insert(Connection connection, WebhookEvent event, long position) throws SQLException {
        long created = event.createdAt().toEpochMilli();
        update(
                connection,
                INSERT,
                event.id(),
                position,
                event.sessionId(),
                event.sequence(),
                event.type(),
                created,
                event.body(),
                created,
                created,
                event.callStartedAt().toEpochMilli());
    }

    /**
     * Refuses events whose numbers another node gave to events of the same call that are in the outbox already. Asked
     * after {@link #takePositions}, which makes every other append wait for this transaction: what it reads stays true
     * until this one commits.
     *
     * @throws SequenceTakenException naming the first such call and its highest number
     */
    private static void checkNumbers(Connection connection, List<WebhookEvent> events) throws SQLException {
        Map<NumberedCall, Long> firsts = new LinkedHashMap<>();
        for (WebhookEvent event : events) {
            firsts.merge(new NumberedCall(event.sessionId(), event.callStartedAt()), event.sequence(), Math::min);
        }
        for (Map.Entry<NumberedCall, Long> first : firsts.entrySet()) {
            NumberedCall call = first.getKey();
            try (PreparedStatement statement = prepare(
                            connection,
                            LAST_NUMBER,
                            call.sessionId(),
                            call.startedAt().toEpochMilli());
                    ResultSet rows = statement.executeQuery()) {
                long last = rows.next() ? rows.getLong(1) : 0;
                if (last >= first.getValue()) {
                    throw new SequenceTakenException(
                            call.sessionId(), new CallSequence(call.startedAt(), last), first.getValue());
                }
            }
        }
    }

    /** A call, as its events name it. */
    private record NumberedCall(String sessionId, Instant startedAt) {}

    private static boolean exists(Connection connection, String id) throws SQLException {
        try (PreparedStatement statement = prepare(connection, EXISTS, id);
                ResultSet rows = statement.executeQuery()) {
            return rows.next();
        }
    }

    /** Takes the next {@code count} positions for this transaction; returns the one before the first. */
    private static long takePositions(Connection connection, int count) throws SQLException {
        update(connection, TAKE_POSITIONS, count);
        try (PreparedStatement statement =
                        connection.prepareStatement("SELECT last_position FROM webhook_position WHERE id = 1");
                ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                throw new SQLException("webhook_position: no row (expected: the one the migration V10 made)");
            }
            return rows.getLong(1) - count;
        }
    }

    @Override
    public List<WebhookDelivery> due(Instant now, int limit) {
        return select(DUE, now.toEpochMilli(), limit);
    }

    @Override
    public void delivered(String id, Instant at) {
        change(DELIVERED, at.toEpochMilli(), at.toEpochMilli(), id);
    }

    @Override
    public void failed(String id, Instant at, Instant nextAttempt, String error) {
        change(FAILED, at.toEpochMilli(), nextAttempt.toEpochMilli(), clip(error), id);
    }

    @Override
    public void deadLettered(String id, Instant at, String error) {
        change(DEAD, at.toEpochMilli(), clip(error), id);
    }

    @Override
    public List<WebhookDelivery> deliveries(Optional<DeliveryStatus> status, int limit) {
        if (status.isPresent()) {
            return select(
                    "SELECT " + COLUMNS + " FROM webhook_events e WHERE e.status = ? ORDER BY e.position DESC LIMIT ?",
                    status.get().wireName(),
                    limit);
        }
        return select("SELECT " + COLUMNS + " FROM webhook_events e ORDER BY e.position DESC LIMIT ?", limit);
    }

    @Override
    public boolean retry(String id, Instant now) {
        return change(RETRY, now.toEpochMilli(), now.toEpochMilli(), id) > 0;
    }

    private int change(String sql, Object... args) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, args)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failure("cannot update the webhook outbox", e);
        }
    }

    private List<WebhookDelivery> select(String sql, Object... args) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, args);
                ResultSet rows = statement.executeQuery()) {
            List<WebhookDelivery> deliveries = new ArrayList<>();
            while (rows.next()) {
                deliveries.add(new WebhookDelivery(
                        new WebhookEvent(
                                rows.getString(1),
                                rows.getString(2),
                                rows.getLong(3),
                                rows.getString(4),
                                Instant.ofEpochMilli(rows.getLong(5)),
                                rows.getString(6),
                                JdbcHistoryStore.optionalInstant(rows, 14)
                                        .orElse(Instant.ofEpochMilli(rows.getLong(5)))),
                        DeliveryStatus.fromWire(rows.getString(7)).orElseThrow(),
                        rows.getInt(8),
                        Instant.ofEpochMilli(rows.getLong(9)),
                        Instant.ofEpochMilli(rows.getLong(10)),
                        JdbcHistoryStore.optionalInstant(rows, 11),
                        Optional.ofNullable(rows.getString(12)),
                        JdbcHistoryStore.optionalInstant(rows, 13)));
            }
            return deliveries;
        } catch (SQLException e) {
            throw failure("cannot read the webhook outbox", e);
        }
    }

    private static String clip(String error) {
        return error.length() <= MAX_ERROR_CHARS ? error : error.substring(0, MAX_ERROR_CHARS);
    }

    private static HistoryStoreException failure(String what, SQLException e) {
        return new HistoryStoreException(what + ": " + e.getMessage(), e);
    }
}
