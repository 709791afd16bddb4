package com.securevox.call.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's lead as a PostgreSQL session advisory lock, held by a connection of its own outside the pool (a pool
 * would recycle the connection, and the lock with it). The lock is scoped to the outbox's schema, so deployments in
 * separate schemas of one database do not exclude each other. It goes with the session: when the leading node stops,
 * dies or loses the database, the server ends the session and another node takes the lock at its next check.
 */
final class PostgresOutboxLead implements OutboxLead {
    private static final Logger log = LoggerFactory.getLogger(PostgresOutboxLead.class);
    /** "SVWH": the first half of the lock's key, the second is the outbox schema's hash. */
    static final int LOCK_CLASS = 0x53565748;

    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(?, hashtext(COALESCE(current_schema(), '')))";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(?, hashtext(COALESCE(current_schema(), '')))";
    private static final int CONNECT_TIMEOUT_SECONDS = 3;
    private static final int VALID_TIMEOUT_SECONDS = 1;
    // A node that vanishes without closing its socket (host down, network cut) keeps the lock until the server gives
    // up on the session: these make that about 10 + 3 x 5 = 25 s instead of the system's hours.
    private static final String KEEPALIVES =
            "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3";

    private final String jdbcUrl;
    private final Properties credentials;
    private final String description;
    /** Kept open while following too, so that each check is a query, not a new session. */
    private Connection connection;

    private boolean held;
    private boolean closed;

    PostgresOutboxLead(String jdbcUrl, String user, String password, String description) {
        this.jdbcUrl = jdbcUrl;
        this.description = description;
        this.credentials = new Properties();
        if (user != null && !user.isEmpty()) {
            credentials.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            credentials.setProperty("password", password);
        }
        credentials.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        credentials.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        credentials.setProperty("socketTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS * 2));
        credentials.setProperty("ApplicationName", "securevox-webhook-lead");
    }

    @Override
    public synchronized boolean leads() {
        if (closed) {
            return false;
        }
        if (connection != null && !valid(connection)) {
            if (held) {
                log.warn("no longer delivering webhooks: the lock's connection to {} is lost", description);
            }
            drop();
        }
        if (connection == null) {
            connection = connect();
            if (connection == null) {
                return false;
            }
        }
        if (!held) {
            held = tryLock();
            if (held) {
                log.info("delivering webhooks: this node leads the outbox in {}", description);
            }
        }
        return held;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (held) {
            log.info("no longer delivering webhooks: the outbox lead in {} is given up", description);
            unlock();
        }
        drop();
    }

    /**
     * Gives the lock up before the session ends: closing the connection returns before the server has ended the
     * session, so another node asking at once could still find the lock taken.
     */
    private void unlock() {
        try (PreparedStatement statement = connection.prepareStatement(UNLOCK)) {
            statement.setInt(1, LOCK_CLASS);
            statement.executeQuery().close();
        } catch (SQLException e) {
            log.debug("cannot give up the webhook outbox lead in {}: {}", description, e.getMessage());
        }
    }

    /** A connection of the lead's own, or null when the database is out of reach (the next check tries again). */
    private Connection connect() {
        try {
            Connection fresh = DriverManager.getConnection(jdbcUrl, credentials);
            try (Statement statement = fresh.createStatement()) {
                statement.execute(KEEPALIVES);
            } catch (SQLException e) {
                closeQuietly(fresh);
                throw e;
            }
            return fresh;
        } catch (SQLException e) {
            log.debug("cannot connect for the webhook outbox lead in {}: {}", description, e.getMessage());
            return null;
        }
    }

    /** Whether this connection now holds the lock; false when another node does. */
    private boolean tryLock() {
        try (PreparedStatement statement = connection.prepareStatement(TRY_LOCK)) {
            statement.setInt(1, LOCK_CLASS);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        } catch (SQLException e) {
            log.debug("cannot take the webhook outbox lead in {}: {}", description, e.getMessage());
            drop();
            return false;
        }
    }

    /** Closing the session releases the lock if it held it. */
    private void drop() {
        held = false;
        if (connection != null) {
            closeQuietly(connection);
            connection = null;
        }
    }

    private static boolean valid(Connection connection) {
        try {
            return connection.isValid(VALID_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // The session ends with the socket either way, and the lock with it.
        }
    }
}
