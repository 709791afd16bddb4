package com.securevox.call.store;

import com.securevox.call.quality.ParticipantPoint;
import com.securevox.call.quality.QualityPoint;
import com.securevox.call.quality.QualityStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * The quality timelines over JDBC, in the history database ({@code call_quality}, V11). Every nullable value is bound
 * with its column's SQL type: PostgreSQL refuses a null typed as text in a number column.
 */
final class JdbcQualityStore implements QualityStore {
    private static final String COLUMNS = "session_id, user_id, at, outbound_kbps, inbound_kbps, packets_lost,"
            + " loss_ratio, jitter_ms, rtt_ms, fps, width, height, frames_dropped, freezes, limitation, candidate_type,"
            + " protocol, codec, mos";
    private static final String INSERT = "INSERT INTO call_quality (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (session_id, at, user_id) DO NOTHING";
    private static final String TIMELINE = "SELECT " + COLUMNS + " FROM call_quality"
            + " WHERE session_id = ? AND at >= ? AND at < ? ORDER BY at, user_id";
    private static final String PURGE = "DELETE FROM call_quality WHERE at < ?";

    private final DataSource dataSource;

    JdbcQualityStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void append(List<ParticipantPoint> points) {
        JdbcRows.insertAll(dataSource, INSERT, points, JdbcQualityStore::bind, "quality points");
    }

    @Override
    public List<ParticipantPoint> timeline(String sessionId, Instant from, Instant to) {
        return JdbcRows.ofSession(dataSource, TIMELINE, sessionId, from, to, JdbcQualityStore::read, "quality");
    }

    @Override
    public int purge(Instant before) {
        return JdbcRows.deleteBefore(dataSource, PURGE, before, "quality points");
    }

    private static void bind(PreparedStatement s, ParticipantPoint p) throws SQLException {
        QualityPoint q = p.point();
        s.setString(1, p.sessionId());
        s.setString(2, p.userId());
        s.setLong(3, q.at().toEpochMilli());
        real(s, 4, q.outboundKbps());
        real(s, 5, q.inboundKbps());
        whole(s, 6, q.packetsLost());
        real(s, 7, q.lossRatio());
        real(s, 8, q.jitterMs());
        real(s, 9, q.rttMs());
        real(s, 10, q.fps());
        whole(s, 11, q.width() == null ? null : q.width().longValue());
        whole(s, 12, q.height() == null ? null : q.height().longValue());
        whole(s, 13, q.framesDropped());
        whole(s, 14, q.freezes());
        s.setString(15, q.limitation());
        s.setString(16, q.candidateType());
        s.setString(17, q.protocol());
        s.setString(18, q.codec());
        real(s, 19, q.mos());
    }

    private static ParticipantPoint read(ResultSet r) throws SQLException {
        Long width = whole(r, 11);
        Long height = whole(r, 12);
        return new ParticipantPoint(
                r.getString(1),
                r.getString(2),
                new QualityPoint(
                        Instant.ofEpochMilli(r.getLong(3)),
                        real(r, 4),
                        real(r, 5),
                        whole(r, 6),
                        real(r, 7),
                        real(r, 8),
                        real(r, 9),
                        real(r, 10),
                        width == null ? null : width.intValue(),
                        height == null ? null : height.intValue(),
                        whole(r, 13),
                        whole(r, 14),
                        r.getString(15),
                        r.getString(16),
                        r.getString(17),
                        r.getString(18),
                        real(r, 19)));
    }

    private static void real(PreparedStatement s, int index, Double value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.DOUBLE);
        } else {
            s.setDouble(index, value);
        }
    }

    private static void whole(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }

    private static Double real(ResultSet r, int index) throws SQLException {
        double value = r.getDouble(index);
        return r.wasNull() ? null : value;
    }

    private static Long whole(ResultSet r, int index) throws SQLException {
        long value = r.getLong(index);
        return r.wasNull() ? null : value;
    }
}
