package com.securevox.call.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage suite on SQLite: a file in a fresh temporary directory per test. */
class SqliteHistoryStoreTest extends HistoryStoreContract {
    @TempDir
    Path dir;

    @Override
    HistoryStore open() {
        return HistoryStores.sqlite(dir.resolve("data/history.db"));
    }

    @Override
    void dispose() {
        store.close();
    }

    @Override
    String emptyDatabase() {
        return "jdbc:sqlite:" + dir.resolve("other.db").toAbsolutePath();
    }

    @Override
    HistoryStore open(String url) {
        return HistoryStores.sqlite(Path.of(url.substring("jdbc:sqlite:".length())));
    }

    @Test
    void theFileAndItsDirectoryAreCreatedAndKeepTheHistoryAcrossRestarts() {
        Path file = dir.resolve("data/history.db");
        assertThat(Files.isRegularFile(file)).isTrue();
        String call = id();
        store.write(java.util.List.of(new HistoryWrite.CallOpened(call, "s1", T0)));
        store.close();

        store = HistoryStores.sqlite(file);

        assertThat(store.call("s1")).map(CallRecord::id).contains(call);
    }
}
