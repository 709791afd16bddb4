package com.securevox.call.store;

import com.securevox.call.quality.TimelineEvent;
import com.securevox.call.quality.TimelineKind;
import com.securevox.call.quality.TimelineStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
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
        JdbcRows.insertAll(dataSource, INSERT, events, JdbcTimelineStore::bind, "timeline events");
    }

    @Override
    public List<TimelineEvent> events(String sessionId, Instant from, Instant to) {
        return JdbcRows.ofSession(dataSource, EVENTS, sessionId, from, to, JdbcTimelineStore::read, "events");
    }

    @Override
    public int purge(Instant before) {
        return JdbcRows.deleteBefore(dataSource, PURGE, before, "timeline events");
    }

    private static void bind(PreparedStatement insert, TimelineEvent e) throws SQLException {
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
    }

    private static TimelineEvent read(ResultSet r) throws SQLException {
        return new TimelineEvent(
                r.getString(1),
                r.getString(2),
                Instant.ofEpochMilli(r.getLong(3)),
                r.getLong(4),
                TimelineKind.ofWire(r.getString(5)),
                r.getString(6));
    }
}
