package com.securevox.call.store;

import com.securevox.call.admin.AdminSessionStore;
import com.securevox.call.push.DeviceRegistry;
import com.securevox.call.quality.QualityStore;
import com.securevox.call.quality.TimelineStore;
import com.securevox.call.recording.RecordingCatalog;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The history over JDBC. SQLite and PostgreSQL share the schema ({@code db/migration}) and every statement: portable
 * types, times as epoch milliseconds, and {@code INSERT ... ON CONFLICT DO NOTHING}, which both understand. What
 * differs (driver, pool, pragmas) is in {@link HistoryStores}.
 */
final class JdbcHistoryStore implements HistoryStore {
    private static final String INSERT_CALL =
            "INSERT INTO calls (id, session_id, started_at, peak_participants, e2ee) VALUES (?, ?, ?, 0, ?)"
                    + " ON CONFLICT (id) DO NOTHING";
    private static final String INSERT_PARTICIPANT = "INSERT INTO call_participants"
            + " (id, call_id, user_id, role, joined_at, transport, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO NOTHING";
    private static final String RAISE_PEAK =
            "UPDATE calls SET peak_participants = ?" + " WHERE id = ? AND peak_participants < ?";
    private static final String CLOSE_PARTICIPANT =
            "UPDATE call_participants SET left_at = ?, leave_reason = ? WHERE id = ? AND left_at IS NULL";
    private static final String CLOSE_CALL = "UPDATE calls SET ended_at = ?, duration_seconds = ?,"
            + " peak_participants = CASE WHEN peak_participants < ? THEN ? ELSE peak_participants END,"
            + " end_reason = ? WHERE id = ? AND ended_at IS NULL";
    // Only ever up, to sfu: a call that went through the SFU stays an SFU call (for billing) when it moves back.
    private static final String USE_MEDIA = "UPDATE calls SET media = ? WHERE id = ? AND media <> 'sfu'";
    private static final String OPEN_CALL = "SELECT id FROM calls WHERE session_id = ? AND started_at = ?"
            + " AND ended_at IS NULL ORDER BY id LIMIT 1";
    private static final String ROWS_PER_USER =
            "SELECT user_id, COUNT(*) FROM call_participants WHERE call_id = ? GROUP BY user_id";
    private static final String OPEN_PARTICIPANTS = "SELECT id, user_id FROM call_participants"
            + " WHERE call_id = ? AND left_at IS NULL ORDER BY joined_at, id";
    private static final String CALL_COLUMNS = "c.id, c.session_id, c.started_at, c.ended_at, c.duration_seconds,"
            + " c.peak_participants, c.end_reason, c.media, c.e2ee";

    private final HikariDataSource dataSource;
    private final String description;
    private final JdbcWebhookOutbox webhooks;
    private final OutboxLead lead;

    JdbcHistoryStore(HikariDataSource dataSource, String description, OutboxLead lead) {
        this.dataSource = dataSource;
        this.description = description;
        this.lead = lead;
        this.webhooks = new JdbcWebhookOutbox(dataSource, lead);
    }

    @Override
    public WebhookOutbox webhooks() {
        return webhooks;
    }

    @Override
    public RecordingCatalog recordings(Clock clock, Optional<RecordingAnnouncer> announcer, RecordingNode node) {
        return new JdbcRecordingStore(dataSource, clock, announcer, node);
    }

    @Override
    public QualityStore quality() {
        return new JdbcQualityStore(dataSource);
    }

    @Override
    public AdminSessionStore adminSessions() {
        return new JdbcAdminSessions(dataSource);
    }

    @Override
    public TimelineStore timeline() {
        return new JdbcTimelineStore(dataSource);
    }

    @Override
    public DeviceRegistry devices(Clock clock) {
        return new JdbcDeviceStore(dataSource, clock);
    }

    /** Brings the schema up to date, unless it is already; at start, before anything else touches the database. */
    void migrate() {
        if (MigratedSchema.upToDate(dataSource)) {
            return;
        }
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new HistoryStoreException(
                    "cannot migrate the history database " + description + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(List<HistoryWrite> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (BatchStatements statements = new BatchStatements(connection)) {
                for (HistoryWrite write : batch) {
                    apply(statements, write);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw new HistoryStoreException("cannot write " + batch.size() + " history records: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<OpenCall> openCall(String sessionId, Instant startedAt) {
        try (Connection connection = dataSource.getConnection()) {
            String callId;
            try (PreparedStatement statement = prepare(connection, OPEN_CALL, sessionId, millis(startedAt));
                    ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                callId = rows.getString(1);
            }
            List<OpenCall.Session> participants = new ArrayList<>();
            try (PreparedStatement statement = prepare(connection, OPEN_PARTICIPANTS, callId);
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    participants.add(new OpenCall.Session(rows.getString(1), rows.getString(2)));
                }
            }
            Map<String, Integer> rowsPerUser = new HashMap<>();
            try (PreparedStatement statement = prepare(connection, ROWS_PER_USER, callId);
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    rowsPerUser.put(rows.getString(1), rows.getInt(2));
                }
            }
            return Optional.of(new OpenCall(callId, participants, rowsPerUser));
        } catch (SQLException e) {
            throw new HistoryStoreException(
                    "cannot read the open call '" + sessionId + "' of " + startedAt + ": " + e.getMessage(), e);
        }
    }

    private static void apply(BatchStatements statements, HistoryWrite write) throws SQLException {
        switch (write) {
            case HistoryWrite.CallOpened w ->
                statements.update(INSERT_CALL, w.callId(), w.sessionId(), millis(w.startedAt()), w.e2ee());
            case HistoryWrite.ParticipantOpened w -> {
                statements.update(
                        INSERT_PARTICIPANT,
                        w.participantId(),
                        w.callId(),
                        w.userId(),
                        w.role(),
                        millis(w.joinedAt()),
                        w.transport(),
                        w.userAgent());
                statements.update(RAISE_PEAK, w.participants(), w.callId(), w.participants());
            }
            case HistoryWrite.ParticipantClosed w ->
                statements.update(CLOSE_PARTICIPANT, millis(w.leftAt()), w.reason(), w.participantId());
            case HistoryWrite.CallClosed w ->
                statements.update(
                        CLOSE_CALL,
                        millis(w.endedAt()),
                        w.durationSeconds(),
                        w.peakParticipants(),
                        w.peakParticipants(),
                        w.endReason(),
                        w.callId());
            case HistoryWrite.CallMediaUsed w ->
                statements.update(USE_MEDIA, w.media().wireName(), w.callId());
            case HistoryWrite.RingOpened w -> JdbcRings.opened(statements.connection(), w);
            case HistoryWrite.InviteeDecided w -> JdbcRings.decided(statements.connection(), w);
            case HistoryWrite.RingClosed w -> JdbcRings.closed(statements.connection(), w);
        }
    }

    @Override
    public CallPage calls(CallQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + CALL_COLUMNS + " FROM calls c WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        query.userId().ifPresent(user -> {
            sql.append(" AND EXISTS (SELECT 1 FROM call_participants p WHERE p.call_id = c.id AND p.user_id = ?)");
            args.add(user);
        });
        query.from().ifPresent(from -> {
            sql.append(" AND c.started_at >= ?");
            args.add(millis(from));
        });
        query.to().ifPresent(to -> {
            sql.append(" AND c.started_at < ?");
            args.add(millis(to));
        });
        query.media().ifPresent(media -> {
            sql.append(" AND c.media = ?");
            args.add(media);
        });
        query.cursor().ifPresent(cursor -> {
            sql.append(" AND (c.started_at < ? OR (c.started_at = ? AND c.id < ?))");
            args.add(millis(cursor.startedAt()));
            args.add(millis(cursor.startedAt()));
            args.add(cursor.callId());
        });
        sql.append(" ORDER BY c.started_at DESC, c.id DESC LIMIT ?");
        args.add(query.limit() + 1);
        try (Connection connection = dataSource.getConnection()) {
            List<CallRecord> calls = selectCalls(connection, sql.toString(), args.toArray());
            Optional<Cursor> next = Optional.empty();
            if (calls.size() > query.limit()) {
                calls = calls.subList(0, query.limit());
                CallRecord last = calls.getLast();
                next = Optional.of(new Cursor(last.startedAt(), last.id()));
            }
            return new CallPage(JdbcRings.of(connection, withParticipants(connection, calls)), next);
        } catch (SQLException e) {
            throw new HistoryStoreException("cannot read the call history: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<CallRecord> call(String sessionId) {
        String sql = "SELECT " + CALL_COLUMNS + " FROM calls c WHERE c.session_id = ?"
                + " ORDER BY c.started_at DESC, c.id DESC LIMIT 1";
        try (Connection connection = dataSource.getConnection()) {
            List<CallRecord> calls = selectCalls(connection, sql, sessionId);
            return JdbcRings.of(connection, withParticipants(connection, calls)).stream()
                    .findFirst();
        } catch (SQLException e) {
            throw new HistoryStoreException("cannot read the call history: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        lead.close();
        dataSource.close();
    }

    private static List<CallRecord> selectCalls(Connection connection, String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, args);
                ResultSet rows = statement.executeQuery()) {
            List<CallRecord> calls = new ArrayList<>();
            while (rows.next()) {
                calls.add(new CallRecord(
                        rows.getString(1),
                        rows.getString(2),
                        Instant.ofEpochMilli(rows.getLong(3)),
                        optionalInstant(rows, 4),
                        optionalLong(rows, 5),
                        rows.getInt(6),
                        Optional.ofNullable(rows.getString(7)),
                        rows.getString(8),
                        rows.getBoolean(9),
                        List.of(),
                        Optional.empty()));
            }
            return calls;
        }
    }

    /** The calls with their participants, read in one query for the whole page. */
    private static List<CallRecord> withParticipants(Connection connection, List<CallRecord> calls)
            throws SQLException {
        if (calls.isEmpty()) {
            return calls;
        }
        Map<String, List<ParticipantRecord>> byCall = new LinkedHashMap<>();
        calls.forEach(call -> byCall.put(call.id(), new ArrayList<>()));
        String marks = marks(calls.size());
        String sql = "SELECT call_id, user_id, role, joined_at, left_at, leave_reason, transport, user_agent"
                + " FROM call_participants WHERE call_id IN (" + marks + ") ORDER BY joined_at, id";
        try (PreparedStatement statement = prepare(
                        connection, sql, calls.stream().map(CallRecord::id).toArray());
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                byCall.get(rows.getString(1))
                        .add(new ParticipantRecord(
                                rows.getString(2),
                                rows.getString(3),
                                Instant.ofEpochMilli(rows.getLong(4)),
                                optionalInstant(rows, 5),
                                Optional.ofNullable(rows.getString(6)),
                                rows.getString(7),
                                rows.getString(8)));
            }
        }
        Map<String, CallRecord> result = new HashMap<>();
        calls.forEach(call -> result.put(call.id(), call.withParticipants(byCall.get(call.id()))));
        return calls.stream().map(call -> result.get(call.id())).toList();
    }

    static void update(Connection connection, String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, args)) {
            statement.executeUpdate();
        }
    }

    static PreparedStatement prepare(Connection connection, String sql, Object... args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            bind(statement, args);
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    static void bind(PreparedStatement statement, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case String text -> statement.setString(i + 1, text);
                case Long number -> statement.setLong(i + 1, number);
                case Integer number -> statement.setInt(i + 1, number);
                case Boolean flag -> statement.setBoolean(i + 1, flag);
                case null -> statement.setNull(i + 1, Types.VARCHAR);
                default -> throw new IllegalArgumentException("unsupported parameter " + args[i].getClass());
            }
        }
    }

    /** {@code count} parameter marks for an {@code IN (...)}. */
    static String marks(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    static Optional<Instant> optionalInstant(ResultSet rows, int column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
    }

    private static Optional<Long> optionalLong(ResultSet rows, int column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? Optional.empty() : Optional.of(value);
    }

    private static long millis(Instant instant) {
        return instant.toEpochMilli();
    }

    static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The connection is broken; the pool discards it and the caller reports the first failure.
        }
    }
}
