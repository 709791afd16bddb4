package com.securevox.call.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The storage suite on the real PostgreSQL of this machine (127.0.0.1:5432, database {@code test}, trust auth). Each
 * test gets a schema of its own, so runs never see each other's tables, and drops it afterwards.
 */
class PostgresHistoryStoreTest extends HistoryStoreContract {
    static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String USER = System.getProperty("securevox.pg.user", "postgres");

    private String schema;
    private String otherSchema;

    @Override
    HistoryStore open() {
        schema = "history_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        admin("CREATE SCHEMA " + schema);
        return HistoryStores.postgres(ADMIN_URL + "?currentSchema=" + schema, USER, "", "postgres test " + schema);
    }

    @Override
    void dispose() {
        store.close();
        admin("DROP SCHEMA " + schema + " CASCADE");
        if (otherSchema != null) {
            admin("DROP SCHEMA " + otherSchema + " CASCADE");
        }
    }

    @Override
    String emptyDatabase() {
        otherSchema = schema + "_other";
        admin("CREATE SCHEMA " + otherSchema);
        return ADMIN_URL + "?currentSchema=" + otherSchema + "&user=" + USER;
    }

    @Override
    HistoryStore open(String url) {
        return HistoryStores.postgres(url, USER, "", "postgres test " + otherSchema);
    }

    @Test
    void migrationsRanFromAnEmptySchema() throws SQLException {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, "");
                Statement statement = connection.createStatement();
                var rows = statement.executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + schema
                                + "' AND table_name IN ('calls', 'call_participants', 'flyway_schema_history')")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(3);
        }
    }

    /** A new schema named {@code prefix} and a random suffix, and a store migrated into it; drop it after. */
    static String newSchema(String prefix) {
        String schema = prefix
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        admin("CREATE SCHEMA " + schema);
        return schema;
    }

    static HistoryStore openIn(String schema) {
        return HistoryStores.postgres(ADMIN_URL + "?currentSchema=" + schema, USER, "", "postgres test " + schema);
    }

    static void admin(String sql) {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
