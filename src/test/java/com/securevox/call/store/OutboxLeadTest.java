package com.securevox.call.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One node at a time delivers the webhook outbox: the lead over the real PostgreSQL of this machine (a schema of its
 * own per test, which scopes the lock), and SQLite's, which always leads.
 */
class OutboxLeadTest {
    private static final String ADMIN_URL = PostgresHistoryStoreTest.ADMIN_URL;
    private static final String USER = PostgresHistoryStoreTest.USER;

    @TempDir
    Path dir;

    private final List<String> schemas = new ArrayList<>();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void dispose() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        for (String schema : schemas) {
            admin("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void ofTwoNodesOnOneOutboxExactlyOneLeads() {
        String schema = schema();
        PostgresOutboxLead a = lead(schema);
        PostgresOutboxLead b = lead(schema);

        assertThat(a.leads()).isTrue();
        assertThat(b.leads()).isFalse();
        // It stays that way, check after check.
        assertThat(a.leads()).isTrue();
        assertThat(b.leads()).isFalse();
    }

    @Test
    void whenTheLeaderGivesUpTheOtherLeadsAtItsNextCheck() {
        String schema = schema();
        PostgresOutboxLead a = lead(schema);
        PostgresOutboxLead b = lead(schema);
        assertThat(a.leads()).isTrue();
        assertThat(b.leads()).isFalse();

        a.close();

        assertThat(a.leads()).isFalse();
        assertThat(b.leads()).isTrue();
    }

    @Test
    void whenTheLeadersSessionIsKilledTheOtherLeadsAndTheFormerLeaderFollows() {
        String schema = schema();
        PostgresOutboxLead a = lead(schema);
        PostgresOutboxLead b = lead(schema);
        assertThat(a.leads()).isTrue();
        assertThat(b.leads()).isFalse();

        // As when the leader's node dies or is cut off: the server ends its session, and the lock with it.
        killHolder(schema);

        assertThat(b.leads()).isTrue();
        assertThat(a.leads()).isFalse();
        assertThat(b.leads()).isTrue();
    }

    @Test
    void aLeaderWhoseDatabaseIsBackLeadsAgain() {
        String schema = schema();
        PostgresOutboxLead a = lead(schema);
        assertThat(a.leads()).isTrue();

        killHolder(schema);

        // The lost session is noticed and a new one takes the lock again.
        assertThat(a.leads()).isTrue();
    }

    @Test
    void outboxesInSeparateSchemasDoNotExcludeEachOther() {
        PostgresOutboxLead a = lead(schema());
        PostgresOutboxLead b = lead(schema());

        assertThat(a.leads()).isTrue();
        assertThat(b.leads()).isTrue();
    }

    @Test
    void aDatabaseOutOfReachMeansNotLeadingRatherThanAFailure() {
        PostgresOutboxLead unreachable =
                new PostgresOutboxLead("jdbc:postgresql://127.0.0.1:1/test", USER, "", "nowhere");
        opened.add(unreachable);

        assertThat(unreachable.leads()).isFalse();
    }

    @Test
    void theOutboxOfAPostgresHistoryLeadsThroughTheLockAndGivesItUpOnClose() {
        String schema = schema();
        String url = ADMIN_URL + "?currentSchema=" + schema;
        HistoryStore first = HistoryStores.postgres(url, USER, "", "first");
        HistoryStore second = HistoryStores.postgres(url, USER, "", "second");
        opened.add(second);

        assertThat(first.webhooks().leads()).isTrue();
        assertThat(second.webhooks().leads()).isFalse();

        first.close();

        assertThat(second.webhooks().leads()).isTrue();
    }

    @Test
    void sqliteIsOneNodesDatabaseSoItsOutboxAlwaysLeads() {
        HistoryStore first = HistoryStores.sqlite(dir.resolve("history.db"));
        opened.add(first);
        HistoryStore second = HistoryStores.sqlite(dir.resolve("history.db"));
        opened.add(second);

        assertThat(first.webhooks().leads()).isTrue();
        assertThat(second.webhooks().leads()).isTrue();
    }

    /** Ends the session holding the schema's lock, and waits until the server has let the lock go. */
    private static void killHolder(String schema) {
        String holder = " FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = "
                + PostgresOutboxLead.LOCK_CLASS + " AND objid::int = hashtext('" + schema + "')";
        assertThat(count("SELECT count(*)" + holder)).isEqualTo(1);
        admin("SELECT pg_terminate_backend(pid)" + holder);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (count("SELECT count(*)" + holder) > 0) {
            assertThat(System.nanoTime())
                    .as("the killed session's lock is let go")
                    .isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    private static long count(String sql) {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, "");
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private PostgresOutboxLead lead(String schema) {
        PostgresOutboxLead lead =
                new PostgresOutboxLead(ADMIN_URL + "?currentSchema=" + schema, USER, "", "postgres test " + schema);
        opened.add(lead);
        return lead;
    }

    private String schema() {
        String schema = "lead_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        admin("CREATE SCHEMA " + schema);
        schemas.add(schema);
        return schema;
    }

    private static void admin(String sql) {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
