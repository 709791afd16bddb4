package com.securevox.call.store;

import static com.securevox.call.store.JdbcHistoryStore.rollbackQuietly;

import com.securevox.call.quality.TimelineEvent;
import com.securevox.call.quality.TimelineKind;
import com.securevox.call.quality.TimelineStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The calls' event timelines over JDBC, in the history database ({@code call_events}, V12). */
final class JdbcTimelineStore implements TimelineStore {
    private static final String COLUMNS = "session_id, user_id, at, sequence, kind, reason";
    private static final String INSERT = "INSERT INTO call_events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (session_id, at, sequence, user_id) DO NOTHING";
    private static final String EVENTS = "SELECT " + COLUMNS + " FROM call_events"
            + " WHERE session_id = ? AND at >= ? AND at < ? ORDER BY at, sequence, user_id";
    private static final String PURGE = "DELETE FROM call_events WHERE at < ?";

    private final DataSource dataSource;

    JdbcTimelineStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void append(List<TimelineEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (TimelineEvent e : events) {
                    insert.setString(1, e.sessionId());
                    insert.setString(2, e.userId());
                    insert.setLong(3, e.at().toEpochMilli());
                    insert.setLong(4, e.sequence());
                    insert.setString(5, e.kind().wireName());
                    if (e.reason() == null) {
                        insert.setNull(6, Types.VARCHAR);
                    } else {
                        insert.setString(6, e.reason());
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw new HistoryStoreException("cannot write " + events.size() + " timeline events: " + e.getMessage(), e);
        }
    }

    @Override
    public List<TimelineEvent> events(String sessionId, Instant from, Instant to) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(EVENTS)) {
            select.setString(1, sessionId);
            select.setLong(2, from.toEpochMilli());
            select.setLong(3, to.toEpochMilli());
            List<TimelineEvent> events = new ArrayList<>();
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    events.add(new TimelineEvent(
                            r.getString(1),
                            r.getString(2),
                            Instant.ofEpochMilli(r.getLong(3)),
                            r.getLong(4),
                            TimelineKind.ofWire(r.getString(5)),
                            r.getString(6)));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new HistoryStoreException("cannot read the events of '" + sessionId + "': " + e.getMessage(), e);
        }
    }

    @Override
    public int purge(Instant before) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(PURGE)) {
            delete.setLong(1, before.toEpochMilli());
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new HistoryStoreException("cannot delete timeline events: " + e.getMessage(), e);
        }
    }
}
