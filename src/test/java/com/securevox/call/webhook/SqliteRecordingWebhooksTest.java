package com.securevox.call.webhook;

import com.securevox.call.store.HistoryStore;
import com.securevox.call.store.HistoryStores;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Recordings' webhooks over SQLite. */
class SqliteRecordingWebhooksTest extends RecordingWebhooksContract {
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
