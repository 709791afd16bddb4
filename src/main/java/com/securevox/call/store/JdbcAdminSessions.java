package com.securevox.call.store;

import static com.securevox.call.store.JdbcHistoryStore.prepare;

import com.securevox.call.admin.AdminSessionStore;
import com.securevox.call.admin.StoredSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/** The admin sessions over JDBC, in the history database (migration V14), so every node and the next start see them. */
final class JdbcAdminSessions implements AdminSessionStore {
    private static final String COLUMNS = "token_hash, method, address, created_at, expires_at, last_seen_at";
    private static final String INSERT = "INSERT INTO admin_sessions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";
    private static final String FIND = "SELECT " + COLUMNS + " FROM admin_sessions WHERE token_hash = ?";
    private static final String TOUCH = "UPDATE admin_sessions SET last_seen_at = ? WHERE token_hash = ?";
    private static final String DELETE = "DELETE FROM admin_sessions WHERE token_hash = ?";
    private static final String PURGE = "DELETE FROM admin_sessions WHERE expires_at <= ?";

    private final DataSource dataSource;

    JdbcAdminSessions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void save(StoredSession s) {
        change(
                "cannot store an admin session",
                INSERT,
                s.tokenHash(),
                s.method(),
                s.address(),
                s.createdAt().toEpochMilli(),
                s.expiresAt().toEpochMilli(),
                s.lastSeenAt().toEpochMilli());
    }

    @Override
    public Optional<StoredSession> find(String tokenHash) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, FIND, tokenHash);
                ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            return Optional.of(new StoredSession(
                    rows.getString("token_hash"),
                    rows.getString("method"),
                    rows.getString("address"),
                    Instant.ofEpochMilli(rows.getLong("created_at")),
                    Instant.ofEpochMilli(rows.getLong("expires_at")),
                    Instant.ofEpochMilli(rows.getLong("last_seen_at"))));
        } catch (SQLException e) {
            throw new HistoryStoreException("cannot read an admin session: " + e.getMessage(), e);
        }
    }

    @Override
    public void touch(String tokenHash, Instant when) {
        change("cannot record an admin session's use", TOUCH, when.toEpochMilli(), tokenHash);
    }

    @Override
    public boolean delete(String tokenHash) {
        return change("cannot delete an admin session", DELETE, tokenHash) > 0;
    }

    @Override
    public int purgeExpired(Instant now) {
        return change("cannot purge the expired admin sessions", PURGE, now.toEpochMilli());
    }

    private int change(String what, String sql, Object... args) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, args)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new HistoryStoreException(what + ": " + e.getMessage(), e);
        }
    }
}
