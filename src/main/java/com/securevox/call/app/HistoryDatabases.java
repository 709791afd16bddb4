package com.securevox.call.app;

import com.securevox.call.config.HistoryDatabase;
import com.securevox.call.config.Secret;
import com.securevox.call.store.HistoryStore;
import com.securevox.call.store.HistoryStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured history database, opened as a {@link HistoryStore} and named as {@code /health} names it: the one
 * place the wiring turns the configuration's database kinds into the store's, so adding a kind is one exhaustive
 * {@code switch} here rather than two in {@link App}.
 */
final class HistoryDatabases {
    private static final Logger log = LoggerFactory.getLogger(HistoryDatabases.class);

    private HistoryDatabases() {}

    /** Opens the store (migrating its schema) and logs where the history lives. */
    static HistoryStore open(HistoryDatabase database) {
        HistoryStore store =
                switch (database) {
                    case HistoryDatabase.Sqlite sqlite -> HistoryStores.sqlite(sqlite.file());
                    case HistoryDatabase.Postgres pg ->
                        HistoryStores.postgres(
                                pg.jdbcUrl(),
                                pg.user().orElse(null),
                                pg.password().map(Secret::value).orElse(null),
                                database.describe());
                };
        log.info("call history in {}", database.describe());
        return store;
    }

    /** The database's kind as {@code /health} names it. */
    static String kind(HistoryDatabase database) {
        return switch (database) {
            case HistoryDatabase.Sqlite s -> "sqlite";
            case HistoryDatabase.Postgres p -> "postgresql";
        };
    }
}
