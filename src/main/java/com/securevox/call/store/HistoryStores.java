package com.securevox.call.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Opens the two kinds of history database, schema migrated, ready to use. */
public final class HistoryStores {
    /** How long a write or read waits for a connection before it fails (and the recorder retries later). */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);

    private HistoryStores() {}

    /**
     * An SQLite file, created with its directory on first use. WAL lets the API read while the recorder writes; the
     * recorder is the only writer, so a small pool is plenty.
     */
    public static HistoryStore sqlite(Path file) {
        Path absolute = file.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new HistoryStoreException("cannot create the data directory " + absolute.getParent() + ": " + e, e);
        }
        HikariConfig config = common("securevox-history-sqlite");
        config.setJdbcUrl("jdbc:sqlite:" + absolute);
        config.setDriverClassName("org.sqlite.JDBC");
        config.setMaximumPoolSize(4);
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", "NORMAL");
        config.addDataSourceProperty("busy_timeout", "5000");
        config.addDataSourceProperty("foreign_keys", "true");
        return open(config, "sqlite:" + absolute, OutboxLead.ALWAYS);
    }

    /**
     * A PostgreSQL database.
     *
     * @param jdbcUrl a {@code jdbc:postgresql://} URL without password
     * @param description how to name it in logs (no credentials)
     */
    public static HistoryStore postgres(String jdbcUrl, String user, String password, String description) {
        HikariConfig config = common("securevox-history-postgres");
        config.setJdbcUrl(jdbcUrl);
        config.setDriverClassName("org.postgresql.Driver");
        if (user != null && !user.isEmpty()) {
            config.setUsername(user);
        }
        if (password != null && !password.isEmpty()) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(4);
        return open(config, description, new PostgresOutboxLead(jdbcUrl, user, password, description));
    }

    private static HikariConfig common(String poolName) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(Math.min(CONNECTION_TIMEOUT.toMillis(), 2_000));
        config.setMinimumIdle(1);
        return config;
    }

    private static HistoryStore open(HikariConfig config, String description, OutboxLead lead) {
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new HistoryStoreException(
                    "cannot connect to the history database " + description + ": " + cause.getMessage(), e);
        }
        JdbcHistoryStore store = new JdbcHistoryStore(dataSource, description, lead);
        try {
            store.migrate();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }
}
