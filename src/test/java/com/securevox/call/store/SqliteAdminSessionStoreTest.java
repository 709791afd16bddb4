package com.securevox.call.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The admin sessions on SQLite: a file in a fresh temporary directory per test. */
class SqliteAdminSessionStoreTest extends AdminSessionStoreContract {
    @TempDir
    Path dir;

    @Override
    HistoryStore open() {
        return HistoryStores.sqlite(dir.resolve("history.db"));
    }

    @Override
    void dispose() {
        store.close();
    }
}
