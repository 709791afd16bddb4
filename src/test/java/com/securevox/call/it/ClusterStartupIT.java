package com.securevox.call.it;

import static com.securevox.call.it.StartupIT.AT_ONCE;
import static com.securevox.call.it.StartupIT.EX_CONFIG;
import static com.securevox.call.it.StartupIT.EX_SOFTWARE;
import static com.securevox.call.it.StartupIT.productionOn;
import static com.securevox.call.it.StartupIT.serverLines;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.testing.RedisServer;
import com.securevox.call.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Starting as one node of several: what is refused before anything starts (exit 78), a Redis that does not answer or
 * whose certificate is not trusted (exit 70, saying why), and a clustered node that starts (in the clear or over TLS
 * with a private CA), shows its node id, and leaves Redis when it stops.
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

    /** The Redis CA and the nodes' CA: each read at start, a file that holds no certificate refused by name. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            SECUREVOX_CALL_REDIS_CA | rediss://redis.internal:6380
            SECUREVOX_CALL_PEER_CA  | redis://redis.internal:6379
            """)
    void aCaThatIsNoCertificateExits78NamingTheSettingAndTheFile(String key, String redisUrl, @TempDir Path dir)
            throws IOException {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "redis.internal\n");
        assertRefused(
                "  " + key + ": " + notPem + ": not PEM certificates (expected: -----BEGIN CERTIFICATE-----"
                        + " blocks of the CA certificates to trust)",
                "SECUREVOX_CALL_REDIS_URL",
                redisUrl,
                key,
                notPem.toString(),
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
                        .containsExactly("securevox-call: cannot start: redis 127.0.0.1:" + redis.port()
                                + ": not reachable: timed out (Read timed out)");
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
    void aNodeReachesRedisOverTlsThroughItsPrivateCa(@TempDir Path dir) throws SQLException, IOException {
        TestPki pki = TestPki.create(dir);
        String database = createDatabase();
        try (RedisServer redis = RedisServer.startTls(pki.leaf("redis", 1), pki.caCertificate());
                ServerProcess server = ServerProcess.start(Map.of(
                        "SECUREVOX_CALL_REDIS_URL",
                        redis.url(),
                        "SECUREVOX_CALL_REDIS_CA",
                        pki.caCertificate().toString(),
                        "SECUREVOX_CALL_DATABASE_URL",
                        "postgres://postgres@127.0.0.1:5432/" + database,
                        "SECUREVOX_CALL_NODE_ID",
                        "it-tls-node"))) {
            assertThat(server.output())
                    .contains("Cluster: redis localhost:" + redis.port() + " (tls, CA " + pki.caCertificate()
                            + "), node it-tls-node");
            assertThat(Http.get(server.url() + "/health").status()).isEqualTo(200);
            assertThat(redis.command("CLIENT LIST")).contains("name=securevox-call-it-tls-node");
        } finally {
            dropDatabase(database);
        }
    }

    @Test
    void aNodeFindsTheTlsPrimaryThroughTlsSentinels(@TempDir Path dir) throws SQLException, IOException {
        TestPki pki = TestPki.create(dir);
        String database = createDatabase();
        try (RedisServer primary = RedisServer.startTls(pki.leaf("primary", 1), pki.caCertificate());
                RedisServer sentinel =
                        RedisServer.sentinelTls(primary.port(), "calls", pki.leaf("sentinel", 2), pki.caCertificate());
                ServerProcess server = ServerProcess.start(Map.of(
                        "SECUREVOX_CALL_REDIS_URL",
                        "rediss-sentinel://127.0.0.1:" + sentinel.port() + "/calls",
                        "SECUREVOX_CALL_REDIS_CA",
                        pki.caCertificate().toString(),
                        "SECUREVOX_CALL_DATABASE_URL",
                        "postgres://postgres@127.0.0.1:5432/" + database,
                        "SECUREVOX_CALL_NODE_ID",
                        "it-tls-sentinel"))) {
            assertThat(server.output())
                    .contains("Cluster: redis sentinel 127.0.0.1:" + sentinel.port() + " master calls (tls, CA "
                            + pki.caCertificate() + "), node it-tls-sentinel");
            assertThat(primary.command("CLIENT LIST")).contains("name=securevox-call-it-tls-sentinel");
        } finally {
            dropDatabase(database);
        }
    }

    @Test
    void anUntrustedRedisCertificateExits70NamingTheReason(@TempDir Path dir) throws SQLException, IOException {
        TestPki ours = TestPki.create(Files.createDirectories(dir.resolve("ours")));
        TestPki stranger = TestPki.create(Files.createDirectories(dir.resolve("stranger")));
        String database = createDatabase();
        Path data = ServerProcess.newDataDir();
        try (RedisServer redis = RedisServer.startTls(stranger.leaf("redis", 2), stranger.caCertificate());
                ServerProcess server = ServerProcess.launch(with(
                        productionOn("127.0.0.1", 0, data),
                        "SECUREVOX_CALL_REDIS_URL",
                        redis.url(),
                        "SECUREVOX_CALL_REDIS_CA",
                        ours.caCertificate().toString(),
                        "SECUREVOX_CALL_DATABASE_URL",
                        "postgres://postgres@127.0.0.1:5432/" + database))) {
            assertThat(server.awaitExit(AT_ONCE)).as(server.output()).isEqualTo(EX_SOFTWARE);
            assertThat(serverLines(server.errorOutput()))
                    .as(server.output())
                    .singleElement()
                    .asString()
                    .startsWith("securevox-call: cannot start: redis localhost:" + redis.port() + " (tls, CA "
                            + ours.caCertificate() + "): not reachable: TLS handshake failed: untrusted certificate (");
        } finally {
            ServerProcess.delete(data);
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
