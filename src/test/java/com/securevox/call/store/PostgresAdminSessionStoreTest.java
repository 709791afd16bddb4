package com.securevox.call.store;

/** The admin sessions on the real PostgreSQL of this machine, a schema of its own per test. */
class PostgresAdminSessionStoreTest extends AdminSessionStoreContract {
    private String schema;

    @Override
    HistoryStore open() {
        schema = PostgresHistoryStoreTest.newSchema("admin_sessions_");
        return PostgresHistoryStoreTest.openIn(schema);
    }

    @Override
    void dispose() {
        store.close();
        PostgresHistoryStoreTest.admin("DROP SCHEMA " + schema + " CASCADE");
    }
}
