package com.securevox.call.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database of a test's own in the machine's shared PostgreSQL (127.0.0.1:5432, trust), dropped on close with
 * whatever connections still use it.
 */
public final class PgDatabase implements AutoCloseable {
    private static final String ADMIN = "jdbc:postgresql://127.0.0.1:5432/test";

    private final String name;

    private PgDatabase(String name) {
        this.name = name;
    }

    public static PgDatabase create() {
        String name =
                "securevox_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + name);
        return new PgDatabase(name);
    }

    /** For {@code SECUREVOX_CALL_DATABASE_URL}. */
    public String url() {
        return "postgres://postgres@127.0.0.1:5432/" + name;
    }

    /** For a store the test opens itself ({@code HistoryStores.postgres}, user {@code postgres}). */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(ADMIN, "postgres", null);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("postgres: " + sql, e);
        }
    }
}
