package com.securevox.call.it;

import static com.securevox.call.it.StartupIT.AT_ONCE;
import static com.securevox.call.it.StartupIT.EX_CONFIG;
import static com.securevox.call.it.StartupIT.EX_SOFTWARE;
import static com.securevox.call.it.StartupIT.productionOn;
import static com.securevox.call.it.StartupIT.serverLines;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.testing.RedisServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Starting as one node of several: what is refused before anything starts (exit 78), a Redis that does not answer
 * (exit 70), and a clustered node that starts, shows its node id, and leaves Redis when it stops.
 */
class ClusterStartupIT {
    private static final String PG_ADMIN = "jdbc:postgresql://127.0.0.1:5432/test";

    private static Map<String, String> with(Map<String, String> base, String... keysAndValues) {
        Map<String, String> env = new HashMap<>(base);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return env;
    }

    @Test
    void redisWithTheHistoryOnSqliteExits78NamingBothSettings() {
        assertRefused(
                "  SECUREVOX_CALL_REDIS_URL is set but SECUREVOX_CALL_DATABASE_URL is not: several nodes share the"
                        + " call history, the webhook outbox and the devices, which SQLite cannot (expected:"
                        + " SECUREVOX_CALL_DATABASE_URL=postgres://… with SECUREVOX_CALL_REDIS_URL, or no"
                        + " SECUREVOX_CALL_REDIS_URL for a single node on SQLite)",
                "SECUREVOX_CALL_REDIS_URL",
                "redis://127.0.0.1:1");
    }

    @Test
    void aBadRedisUrlExits78NamingTheValueAndWhatWasExpected() {
        assertRefused(
                "  SECUREVOX_CALL_REDIS_URL: 'redis-sentinel://s1:26379,s2:26379' names no master (expected: /master"
                        + " after the Sentinels, a Sentinel master name of 1 to 64 of [A-Za-z0-9._-])",
                "SECUREVOX_CALL_REDIS_URL",
                "redis-sentinel://s1:26379,s2:26379",
                "SECUREVOX_CALL_DATABASE_URL",
                "postgres://postgres@127.0.0.1:5432/test");
    }

    /** A production server with these settings too exits 78 with this one problem, before it starts anything. */
    private static void assertRefused(String problem, String... keysAndValues) {
        Path data = ServerProcess.newDataDir();
        try (ServerProcess server = ServerProcess.launch(with(productionOn("127.0.0.1", 0, data), keysAndValues))) {
            assertThat(server.awaitExit(AT_ONCE)).as(server.output()).isEqualTo(EX_CONFIG);
            assertThat(serverLines(server.errorOutput()))
                    .as(server.output())
                    .containsExactly("securevox-call: cannot start, the configuration is invalid:", problem);
        } finally {
            ServerProcess.delete(data);
        }
    }

    @Test
    void aRedisThatDoesNotAnswerAtStartExits70NamingIt() throws SQLException {
        String database = createDatabase();
        try (RedisServer redis = RedisServer.start()) {
            redis.pause();
            Path data = ServerProcess.newDataDir();
            try (ServerProcess server = ServerProcess.launch(with(
                    productionOn("127.0.0.1", 0, data),
                    "SECUREVOX_CALL_REDIS_URL",
                    redis.url(),
                    "SECUREVOX_CALL_DATABASE_URL",
                    "postgres://postgres@127.0.0.1:5432/" + database))) {
                assertThat(server.awaitExit(AT_ONCE)).as(server.output()).isEqualTo(EX_SOFTWARE);
                assertThat(serverLines(server.errorOutput()))
                        .as(server.output())
                        .containsExactly(
                                "securevox-call: cannot start: redis 127.0.0.1:" + redis.port() + ": not reachable");
            } finally {
                redis.resume();
                ServerProcess.delete(data);
            }
        } finally {
            dropDatabase(database);
        }
    }

    @Test
    void aClusteredNodeStartsNamedInTheBannerAndLeavesRedisWhenItStops() throws SQLException {
        String database = createDatabase();
        try (RedisServer redis = RedisServer.start()) {
            ServerProcess server = ServerProcess.start(Map.of(
                    "SECUREVOX_CALL_REDIS_URL",
                    redis.url(),
                    "SECUREVOX_CALL_DATABASE_URL",
                    "postgres://postgres@127.0.0.1:5432/" + database,
                    "SECUREVOX_CALL_NODE_ID",
                    "it-node-1"));
            try (server) {
                assertThat(server.output()).contains("Cluster: redis 127.0.0.1:" + redis.port() + ", node it-node-1");
                assertThat(redis.command("CLIENT LIST")).contains("name=securevox-call-it-node-1");

                server.signal("TERM");

                assertThat(server.awaitExit(Duration.ofSeconds(20)))
                        .as(server.output())
                        .isZero();
                assertThat(redis.command("CLIENT LIST")).doesNotContain("securevox-call-it-node-1");
            }
        } finally {
            dropDatabase(database);
        }
    }

    @Test
    void aSingleNodeNamesItsRandomIdInTheBanner() {
        try (ServerProcess server = ServerProcess.start()) {
            assertThat(server.output())
                    .containsPattern(
                            "Cluster: off \\(single node\\), node node-[0-9a-f]{12} \\(generated for this" + " run\\)");
        }
    }

    private static String createDatabase() throws SQLException {
        String database =
                "securevox_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + database);
        return database;
    }

    private static void dropDatabase(String database) throws SQLException {
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG_ADMIN, "postgres", null);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
