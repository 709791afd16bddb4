package com.securevox.call.store;

import static com.securevox.call.store.JdbcHistoryStore.rollbackQuietly;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The three statements of the tables of a call's timelines (quality points, events): rows added in one transaction,
 * a session's rows within a time range, rows deleted by age. Failures become {@link HistoryStoreException}s naming
 * the rows.
 */
final class JdbcRows {
    /** Sets one row's parameters on an insert. */
    @FunctionalInterface
    interface Binder<T> {
        void bind(PreparedStatement insert, T row) throws SQLException;
    }

    /** Reads the current result row. */
    @FunctionalInterface
    interface Reader<T> {
        T read(ResultSet row) throws SQLException;
    }

    private JdbcRows() {}

    /** Adds the rows, all or none. */
    static <T> void insertAll(DataSource dataSource, String sql, List<T> rows, Binder<T> binder, String what) {
        if (rows.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                for (T row : rows) {
                    binder.bind(insert, row);
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw new HistoryStoreException("cannot write " + rows.size() + " " + what + ": " + e.getMessage(), e);
        }
    }

    /** The rows of {@code sql}, whose parameters are a session id and a time range in epoch milliseconds. */
    static <T> List<T> ofSession(
            DataSource dataSource,
            String sql,
            String sessionId,
            Instant from,
            Instant to,
            Reader<T> reader,
            String what) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, sessionId);
            select.setLong(2, from.toEpochMilli());
            select.setLong(3, to.toEpochMilli());
            List<T> rows = new ArrayList<>();
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    rows.add(reader.read(r));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new HistoryStoreException(
                    "cannot read the " + what + " of '" + sessionId + "': " + e.getMessage(), e);
        }
    }

    /** Runs a delete whose one parameter is a time in epoch milliseconds; returns how many rows went. */
    static int deleteBefore(DataSource dataSource, String sql, Instant before, String what) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setLong(1, before.toEpochMilli());
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new HistoryStoreException("cannot delete " + what + ": " + e.getMessage(), e);
        }
    }
}
