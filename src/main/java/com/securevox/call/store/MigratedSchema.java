package com.securevox.call.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.BitSet;
import javax.sql.DataSource;

/**
 * Whether a database's schema is already at this build's newest migration, so that a start can skip Flyway. Its
 * set-up (plugins, a scan of the jar, callbacks, the validation) took about a fifth of a second of CPU in every start,
 * the restarted process of a reconnect storm included (issue 17), for a database that is nearly always up to date.
 * Skipping it also skips the check of the applied migrations' checksums: a migration edited after it shipped is not
 * noticed while the schema is current (it still is on the next new migration, when Flyway runs).
 */
final class MigratedSchema {
    /** The newest migration in {@code db/migration}; {@code MigratedSchemaTest} checks it against the files. */
    static final int LATEST = 15;

    private MigratedSchema() {}

    /**
     * True when Flyway's history lists every migration from 1 to {@link #LATEST}, each successful, and nothing else;
     * false for a new database (no history yet), one behind, one a newer build migrated further, one with a failed
     * migration, or any error reading: Flyway then decides, as it always did.
     */
    static boolean upToDate(DataSource dataSource) {
        BitSet applied = new BitSet();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version, success FROM flyway_schema_history")) {
            while (rows.next()) {
                String version = rows.getString(1);
                if (version == null || !rows.getBoolean(2)) {
                    return false;
                }
                int v = Integer.parseInt(version);
                if (v < 1 || v > LATEST || applied.get(v)) {
                    return false;
                }
                applied.set(v);
            }
        } catch (SQLException | NumberFormatException e) {
            return false;
        }
        return applied.cardinality() == LATEST;
    }
}
