package com.securevox.call.webhook;

import com.securevox.call.store.HistoryStore;
import com.securevox.call.store.HistoryStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/** Recordings' webhooks over the real PostgreSQL of this machine, a schema of its own per test. */
class PostgresRecordingWebhooksTest extends RecordingWebhooksContract {
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String USER = System.getProperty("securevox.pg.user", "postgres");

    private String schema;

    @Override
    HistoryStore open() {
        schema = "webhooks_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        admin("CREATE SCHEMA " + schema);
        return HistoryStores.postgres(ADMIN_URL + "?currentSchema=" + schema, USER, "", "postgres test " + schema);
    }

    @Override
    void dispose() {
        store.close();
        admin("DROP SCHEMA " + schema + " CASCADE");
    }

    private static void admin(String sql) {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
