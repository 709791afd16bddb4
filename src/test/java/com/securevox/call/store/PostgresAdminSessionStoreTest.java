package com.securevox.call.store;

import java.util.Locale;
import java.util.UUID;

/** The admin sessions on the real PostgreSQL of this machine, a schema of its own per test. */
class PostgresAdminSessionStoreTest extends AdminSessionStoreContract {
    private String schema;

    @Override
    HistoryStore open() {
        schema = "admin_sessions_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        PostgresHistoryStoreTest.admin("CREATE SCHEMA " + schema);
        return HistoryStores.postgres(
                PostgresHistoryStoreTest.ADMIN_URL + "?currentSchema=" + schema,
                PostgresHistoryStoreTest.USER,
                "",
                "postgres test " + schema);
    }

    @Override
    void dispose() {
        store.close();
        PostgresHistoryStoreTest.admin("DROP SCHEMA " + schema + " CASCADE");
    }
}
