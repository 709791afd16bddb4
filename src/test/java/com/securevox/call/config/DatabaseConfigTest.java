package com.securevox.call.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SECUREVOX_CALL_DATABASE_URL, SECUREVOX_CALL_DATA_DIR, the history queue and the metrics token. */
class DatabaseConfigTest {
    private final ConfigLoader loader = new ConfigLoader(() -> "generated-secret");

    private ServerConfig load(String... keysAndValues) throws ConfigException {
        java.util.HashMap<String, String> env = new java.util.HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return loader.load(env);
    }

    @Test
    void sqliteUnderDataByDefault() throws ConfigException {
        ServerConfig config = load();

        assertThat(config.database()).isEqualTo(new HistoryDatabase.Sqlite(Path.of("./data", "history.db")));
        assertThat(config.historyQueue()).isEqualTo(10_000);
        assertThat(config.metricsToken()).isEmpty();
    }

    @Test
    void theDataDirectoryMovesTheFile(@TempDir Path dir) throws ConfigException {
        assertThat(load(ConfigKeys.DATA_DIR, dir.resolve("new").toString()).database())
                .isEqualTo(new HistoryDatabase.Sqlite(dir.resolve("new/history.db")));
    }

    @Test
    void aDataDirectoryThatIsAFileIsRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertThatThrownBy(() -> load(ConfigKeys.DATA_DIR, file.toString()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("SECUREVOX_CALL_DATA_DIR: '" + file
                                + "' is a file (expected: a directory, created if missing)"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            postgres://app:s3cr%40t@db.example:5433/calls?sslmode=require | jdbc:postgresql://db.example:5433/calls?sslmode=require | app | s3cr@t
            postgresql://app@db.example/calls                            | jdbc:postgresql://db.example/calls                      | app | -
            postgres://db.example/calls                                  | jdbc:postgresql://db.example/calls                      | -   | -
            jdbc:postgresql://127.0.0.1:5432/test?user=postgres          | jdbc:postgresql://127.0.0.1:5432/test?user=postgres     | -   | -
            """)
    void postgresUrls(String url, String jdbcUrl, String user, String password) throws ConfigException {
        HistoryDatabase database = load(ConfigKeys.DATABASE_URL, url).database();

        assertThat(database)
                .isEqualTo(new HistoryDatabase.Postgres(
                        jdbcUrl,
                        Optional.ofNullable(user),
                        Optional.ofNullable(password).map(Secret::new)));
        if (password != null) {
            assertThat(database.describe()).doesNotContain(password).contains("password ***");
            assertThat(load(ConfigKeys.DATABASE_URL, url).describe()).doesNotContain(password);
        }
    }

    @Test
    void aPasswordInAJdbcQueryIsMaskedInTheSummary() throws ConfigException {
        HistoryDatabase database = load(
                        ConfigKeys.DATABASE_URL, "jdbc:postgresql://h/db?user=a&password=hunter2&ssl=true")
                .database();

        assertThat(database.describe())
                .isEqualTo("postgresql jdbc:postgresql://h/db?user=a&password=***&ssl=true")
                .doesNotContain("hunter2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            mysql://u:p@h/db                    | SECUREVOX_CALL_DATABASE_URL: (value hidden) (expected: postgres://user:password@host:port/database, postgresql://… or jdbc:postgresql://host:port/database)
            sqlite:history.db                   | SECUREVOX_CALL_DATABASE_URL: 'sqlite:history.db' (expected: postgres://user:password@host:port/database, postgresql://… or jdbc:postgresql://host:port/database)
            postgres://u:hunter2@/db            | SECUREVOX_CALL_DATABASE_URL: (value hidden) has no host (expected: postgres://user:password@host:port/database, postgresql://… or jdbc:postgresql://host:port/database)
            postgres://u:hunter2@h              | SECUREVOX_CALL_DATABASE_URL: (value hidden) names no database (expected: /database after host:port)
            postgres://h/db/extra               | SECUREVOX_CALL_DATABASE_URL: 'postgres://h/db/extra' names no database (expected: /database after host:port)
            postgres://u:hunter2@h/db?sslmode   | SECUREVOX_CALL_DATABASE_URL: (value hidden) has a malformed query (expected: name=value pairs joined by &)
            postgres://u:hunter2@h:99999/db     | SECUREVOX_CALL_DATABASE_URL: (value hidden) has port 99999 (expected: 1 to 65535)
            jdbc:postgresql://u:hunter2@h/db    | SECUREVOX_CALL_DATABASE_URL: a jdbc: URL with user:password@ (expected: ?user=…&password=… in a jdbc: URL, or the postgres://user:password@host/database form)
            postgres://:hunter2@h/db            | SECUREVOX_CALL_DATABASE_URL: (value hidden) has an empty user name before @ (expected: postgres://user:password@host:port/database, postgresql://… or jdbc:postgresql://host:port/database)
            """)
    void badDatabaseUrlsAreNamedWithoutTheirPassword(String url, String problem) {
        assertThatThrownBy(() -> load(ConfigKeys.DATABASE_URL, url))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly(problem)
                        .allSatisfy(p -> assertThat(p).doesNotContain("hunter2")));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            SECUREVOX_CALL_HISTORY_QUEUE  | 0       | SECUREVOX_CALL_HISTORY_QUEUE: '0' (expected: an integer from 1 to 1000000)
            SECUREVOX_CALL_HISTORY_QUEUE  | lots    | SECUREVOX_CALL_HISTORY_QUEUE: 'lots' (expected: an integer from 1 to 1000000)
            SECUREVOX_CALL_METRICS_TOKEN  | 'a b'   | SECUREVOX_CALL_METRICS_TOKEN: contains spaces, control or non-ASCII characters (expected: visible ASCII, as it is sent in an Authorization header)
            """)
    void badValues(String key, String value, String problem) {
        assertThatThrownBy(() -> load(key, value))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.problems()).containsExactly(problem));
    }

    @Test
    void theMetricsTokenIsASecret() throws ConfigException {
        ServerConfig config = load(ConfigKeys.METRICS_TOKEN, "scrape-me-0123", ConfigKeys.HISTORY_QUEUE, "50");

        assertThat(config.metricsToken()).contains(new Secret("scrape-me-0123"));
        assertThat(config.historyQueue()).isEqualTo(50);
        assertThat(config.describe()).doesNotContain("scrape-me-0123").contains("metrics token: *** (configured)");
        assertThat(Map.of("k", config.metricsToken().orElseThrow()).toString()).doesNotContain("scrape-me");
    }
}
