package com.securevox.call.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The device registry on SQLite: a file in a fresh temporary directory per test. */
class SqliteDeviceStoreTest extends DeviceStoreContract {
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
