package com.securevox.call.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** When a start may skip Flyway: only with every migration of this build applied, successfully, and no other. */
class MigratedSchemaTest {
    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.+\\.sql");

    @TempDir
    Path dir;

    private SQLiteDataSource database() {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + dir.resolve("history.db").toAbsolutePath());
        return dataSource;
    }

    private void migrate(SQLiteDataSource dataSource, String target) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .target(target)
                .load()
                .migrate();
    }

    private void execute(SQLiteDataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    @Test
    void latestIsTheNewestMigrationFile() throws IOException, URISyntaxException {
        Path folder = Path.of(MigratedSchema.class.getResource("/db/migration").toURI());
        int newest;
        try (Stream<Path> files = Files.list(folder)) {
            newest = files.map(f -> MIGRATION.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .max()
                    .orElseThrow();
        }
        assertThat(MigratedSchema.LATEST).isEqualTo(newest);
    }

    @Test
    void aNewDatabaseAndOneBehindAreNotUpToDateAndOneMigratedToTheLatestIs() {
        SQLiteDataSource dataSource = database();
        assertThat(MigratedSchema.upToDate(dataSource))
                .as("no history table yet")
                .isFalse();
        migrate(dataSource, String.valueOf(MigratedSchema.LATEST - 1));
        assertThat(MigratedSchema.upToDate(dataSource))
                .as("one migration behind")
                .isFalse();
        migrate(dataSource, "latest");
        assertThat(MigratedSchema.upToDate(dataSource)).isTrue();
    }

    @Test
    void aFailedMigrationOrOneOfANewerBuildIsLeftToFlyway() throws SQLException {
        SQLiteDataSource dataSource = database();
        migrate(dataSource, "latest");
        execute(dataSource, "UPDATE flyway_schema_history SET success = 0 WHERE version = '3'");
        assertThat(MigratedSchema.upToDate(dataSource)).as("a failed migration").isFalse();
        execute(dataSource, "UPDATE flyway_schema_history SET success = 1 WHERE version = '3'");
        execute(
                dataSource,
                "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                        + " checksum, installed_by, execution_time, success) VALUES (1000, '"
                        + (MigratedSchema.LATEST + 1)
                        + "', 'newer', 'SQL', 'V" + (MigratedSchema.LATEST + 1) + "__newer.sql', 0, 'test', 0, 1)");
        assertThat(MigratedSchema.upToDate(dataSource))
                .as("a newer build's migration")
                .isFalse();
    }

    @Test
    void anUpToDateSchemaOpensWithoutFlywaysValidation() throws SQLException {
        SQLiteDataSource dataSource = database();
        migrate(dataSource, "latest");
        // What Flyway's validation would refuse: the start skips it, the documented price of the faster start.
        execute(dataSource, "UPDATE flyway_schema_history SET checksum = 1 WHERE version = '1'");
        assertThatThrownBy(() -> Flyway.configure()
                        .dataSource(dataSource)
                        .locations("classpath:db/migration")
                        .load()
                        .validate())
                .isInstanceOf(FlywayException.class);

        try (HistoryStore store = HistoryStores.sqlite(dir.resolve("history.db"))) {
            assertThat(store.call("nothing")).isEmpty();
        }
    }
}
