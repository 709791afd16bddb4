package com.securevox.call.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SECUREVOX_CALL_REDIS_URL, SECUREVOX_CALL_REDIS_CA, SECUREVOX_CALL_PEER_CA and SECUREVOX_CALL_NODE_ID. */
class ClusterConfigTest {
    private static final String POSTGRES = "postgres://app@db.example/calls";
    private final ConfigLoader loader = new ConfigLoader(() -> "generated-secret");

    private ServerConfig load(String... keysAndValues) throws ConfigException {
        return loader.load(ConfigLoaderTest.env(keysAndValues));
    }

    private ClusterConfig clustered(String url) throws ConfigException {
        return load(ConfigKeys.REDIS_URL, url, ConfigKeys.DATABASE_URL, POSTGRES, ConfigKeys.NODE_ID, "n1")
                .cluster();
    }

    @Test
    void unsetIsOneNodeWithARandomIdPerProcess() throws ConfigException {
        ClusterConfig one = load().cluster();
        ClusterConfig two = load().cluster();

        assertThat(one.redis()).isEmpty();
        assertThat(one.clustered()).isFalse();
        assertThat(one.nodeId()).matches("node-[0-9a-f]{12}");
        assertThat(one.nodeIdGenerated()).isTrue();
        assertThat(two.nodeId()).isNotEqualTo(one.nodeId());
        assertThat(one.describe()).isEqualTo("off (single node), node " + one.nodeId() + " (generated for this run)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            redis://127.0.0.1                                  | 127.0.0.1:6379                                                   | -     | -
            redis://redis.internal:6390/2                      | redis.internal:6390 db 2                                         | -     | -
            rediss://:s3cr%40t@redis.example:6380              | redis.example:6380 (tls) password ***                            | -     | s3cr@t
            rediss://app:pw@redis.example/15                   | redis.example:6379 (tls) db 15 user app password ***             | app   | pw
            redis://[::1]:7000                                 | [::1]:7000                                                       | -     | -
            redis-sentinel://s1:26379,s2,10.0.0.3:26400/mymaster | sentinel s1:26379,s2:26379,10.0.0.3:26400 master mymaster      | -     | -
            rediss-sentinel://:pw@s1/prod-calls/3              | sentinel s1:26379 master prod-calls (tls) db 3 password ***      | -     | pw
            REDIS://Host.Example:1                             | Host.Example:1                                                   | -     | -
            """)
    void redisUrls(String url, String describe, String user, String password) throws ConfigException {
        ClusterConfig cluster = clustered(url);

        RedisConfig redis = cluster.redis().orElseThrow();
        assertThat(redis.describe()).isEqualTo(describe);
        assertThat(redis.user()).isEqualTo(Optional.ofNullable(user));
        assertThat(redis.password().map(Secret::value)).isEqualTo(Optional.ofNullable(password));
        assertThat(cluster.describe()).isEqualTo("redis " + describe + ", node n1");
        if (password != null) {
            assertThat(cluster.toString() + redis.describe()).doesNotContain(password);
        }
    }

    @Test
    void sentinelUrlsNameTheSentinelsAndTheMaster() throws ConfigException {
        RedisConfig redis =
                clustered("redis-sentinel://a:1,b/primary/1").redis().orElseThrow();

        assertThat(redis.servers())
                .isEqualTo(new RedisConfig.Sentinel(
                        List.of(new RedisConfig.Host("a", 1), new RedisConfig.Host("b", 26379)), "primary"));
        assertThat(redis.database()).isEqualTo(1);
        assertThat(redis.tls()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://redis:6379                  | SECUREVOX_CALL_REDIS_URL: 'http://redis:6379' (expected: redis://host:port[/db], rediss://host:port[/db] or redis-sentinel://host:26379,host2:26379/master[/db])
            redis.example:6379                 | SECUREVOX_CALL_REDIS_URL: 'redis.example:6379' (expected: redis://host:port[/db], rediss://host:port[/db] or redis-sentinel://host:26379,host2:26379/master[/db])
            redis://                           | SECUREVOX_CALL_REDIS_URL: 'redis://' has an empty host (expected: host or host:port, a host name or IP address, port from 1 to 65535)
            redis://h:0                        | SECUREVOX_CALL_REDIS_URL: 'redis://h:0' has host 'h:0' (expected: host or host:port, a host name or IP address, port from 1 to 65535)
            redis://h:65536                    | SECUREVOX_CALL_REDIS_URL: 'redis://h:65536' has host 'h:65536' (expected: host or host:port, a host name or IP address, port from 1 to 65535)
            redis://h:port                     | SECUREVOX_CALL_REDIS_URL: 'redis://h:port' has host 'h:port' (expected: host or host:port, a host name or IP address, port from 1 to 65535)
            redis://bad_host                   | SECUREVOX_CALL_REDIS_URL: 'redis://bad_host' has host 'bad_host' (expected: host or host:port, a host name or IP address, port from 1 to 65535)
            redis://a,b                        | SECUREVOX_CALL_REDIS_URL: 'redis://a,b' names 2 hosts (expected: one host, or redis-sentinel:// for several Sentinels)
            redis://h/16                       | SECUREVOX_CALL_REDIS_URL: 'redis://h/16' has path '/16' (expected: nothing or /db, db from 0 to 15)
            redis://h/x                        | SECUREVOX_CALL_REDIS_URL: 'redis://h/x' has path '/x' (expected: nothing or /db, db from 0 to 15)
            redis://h/1/2                      | SECUREVOX_CALL_REDIS_URL: 'redis://h/1/2' has path '/1/2' (expected: nothing or /db, db from 0 to 15)
            redis://h?timeout=1                | SECUREVOX_CALL_REDIS_URL: 'redis://h?timeout=1' has a query or #fragment (expected: redis://host:port[/db], rediss://host:port[/db] or redis-sentinel://host:26379,host2:26379/master[/db])
            redis-sentinel://s1,s2             | SECUREVOX_CALL_REDIS_URL: 'redis-sentinel://s1,s2' names no master (expected: /master after the Sentinels, a Sentinel master name of 1 to 64 of [A-Za-z0-9._-])
            redis-sentinel://s1,,s2/m          | SECUREVOX_CALL_REDIS_URL: 'redis-sentinel://s1,,s2/m' has an empty host (expected: host or host:port, a host name or IP address, port from 1 to 65535)
            redis-sentinel://s1/m/99           | SECUREVOX_CALL_REDIS_URL: 'redis-sentinel://s1/m/99' has path '/m/99' (expected: /master or /master/db, db from 0 to 15)
            redis://user@h                     | SECUREVOX_CALL_REDIS_URL: (value hidden) has a user without a password before @ (expected: user:password@ or :password@)
            redis://u:p%zz@h                   | SECUREVOX_CALL_REDIS_URL: (value hidden) has a malformed %-escape before @ (expected: %XX with two hex digits)
            redis://u:hunter2@h:99999          | SECUREVOX_CALL_REDIS_URL: (value hidden) has host 'h:99999' (expected: host or host:port, a host name or IP address, port from 1 to 65535)
            """)
    void badUrlsAreRefusedNamingTheValueAndWhatWasExpected(String url, String problem) {
        assertThatThrownBy(() -> clustered(url))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.problems()).containsExactly(problem));
    }

    @Test
    void redisWithTheHistoryOnSqliteIsRefusedNamingBothSettings() {
        assertThatThrownBy(() -> load(ConfigKeys.REDIS_URL, "redis://127.0.0.1:6379"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("SECUREVOX_CALL_REDIS_URL is set but SECUREVOX_CALL_DATABASE_URL is not:"
                                + " several nodes share the call history, the webhook outbox and the devices, which"
                                + " SQLite cannot (expected: SECUREVOX_CALL_DATABASE_URL=postgres://… with"
                                + " SECUREVOX_CALL_REDIS_URL, or no SECUREVOX_CALL_REDIS_URL for a single node on"
                                + " SQLite)"));
    }

    @Test
    void aBadDatabaseUrlIsReportedOnceNotAsMissing() {
        assertThatThrownBy(() -> load(ConfigKeys.REDIS_URL, "redis://h", ConfigKeys.DATABASE_URL, "mysql://h/db"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .singleElement()
                        .asString()
                        .startsWith("SECUREVOX_CALL_DATABASE_URL: 'mysql://h/db'"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            node:1     | SECUREVOX_CALL_NODE_ID: 'node:1' (expected: 1 to 64 of [A-Za-z0-9._-])
            a b        | SECUREVOX_CALL_NODE_ID: 'a b' (expected: 1 to 64 of [A-Za-z0-9._-])
            nœud       | SECUREVOX_CALL_NODE_ID: 'nœud' (expected: 1 to 64 of [A-Za-z0-9._-])
            """)
    void badNodeIdsAreRefused(String id, String problem) {
        assertThatThrownBy(() -> load(ConfigKeys.NODE_ID, id))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.problems()).containsExactly(problem));
    }

    @Test
    void aConfiguredNodeIdIsKept() throws ConfigException {
        ClusterConfig cluster = load(ConfigKeys.NODE_ID, "call-2.eu_west").cluster();

        assertThat(cluster.nodeId()).isEqualTo("call-2.eu_west");
        assertThat(cluster.nodeIdGenerated()).isFalse();
    }

    @Test
    void theNodeUrlIsOptionalAndMustBeAnHttpUrl() throws ConfigException {
        assertThat(load().cluster().nodeUrl()).isEmpty();
        ServerConfig alone = load(ConfigKeys.NODE_URL, "https://call-2.internal:8443");
        assertThat(alone.cluster().nodeUrl()).contains(java.net.URI.create("https://call-2.internal:8443"));
        assertThat(alone.warnings())
                .containsExactly("SECUREVOX_CALL_NODE_URL: set without SECUREVOX_CALL_REDIS_URL, so ignored (a single"
                        + " node announces itself nowhere)");
        ServerConfig clustered = load(
                ConfigKeys.NODE_URL,
                "http://10.0.0.5:8002",
                ConfigKeys.REDIS_URL,
                "redis://r",
                ConfigKeys.DATABASE_URL,
                POSTGRES);
        assertThat(clustered.warnings()).isEmpty();
        assertThatThrownBy(() -> load(ConfigKeys.NODE_URL, "call-2:8002"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SECUREVOX_CALL_NODE_URL: 'call-2:8002' (expected: an http or https URL such as"
                        + " http://10.0.0.5:8002)");
        assertThatThrownBy(() -> load(ConfigKeys.NODE_URL, "http://h/" + "a".repeat(600)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SECUREVOX_CALL_NODE_URL: 609 characters (expected: at most 512)");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            database16   | database: 16 (expected: 0 to 15)
            userNoPass   | user: set without a password (expected: user:password@, or neither)
            noSentinels  | sentinels: none (expected: at least one host:port)
            badMaster    | master: 'a/b' (expected: a Sentinel master name of 1 to 64 of [A-Za-z0-9._-])
            port0        | port: 0 (expected: 1 to 65535)
            blankHost    | host: blank (expected: a host name or IP address)
            badNode      | nodeId: 'a:b' (expected: 1 to 64 of [A-Za-z0-9._-])
            caNoTls      | ca: ca.pem without TLS (expected: TLS, or no CA)
            """)
    void theRecordsRefuseWhatTheLoaderRefuses(String which, String message) {
        RedisConfig.Servers one = new RedisConfig.Standalone(new RedisConfig.Host("h", 6379));
        assertThatThrownBy(() -> {
                    switch (which) {
                        case "database16" -> new RedisConfig(one, false, 16, Optional.empty(), Optional.empty());
                        case "userNoPass" -> new RedisConfig(one, false, 0, Optional.of("u"), Optional.empty());
                        case "noSentinels" -> new RedisConfig.Sentinel(List.of(), "m");
                        case "badMaster" -> new RedisConfig.Sentinel(List.of(new RedisConfig.Host("h", 1)), "a/b");
                        case "port0" -> new RedisConfig.Host("h", 0);
                        case "blankHost" -> new RedisConfig.Host(" ", 1);
                        case "badNode" -> new ClusterConfig("a:b", false, Optional.empty(), Optional.empty());
                        case "caNoTls" ->
                            new RedisConfig(
                                    one, false, 0, Optional.empty(), Optional.empty(), Optional.of(Path.of("ca.pem")));
                        default -> throw new IllegalStateException(which);
                    }
                })
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @TempDir
    Path dir;

    @Test
    void aCaForTlsIsTrustedAndShownInTheSummary() throws Exception {
        Path ca = TestPki.create(dir).caCertificate();

        for (String url : List.of("rediss://redis.example:6380", "rediss-sentinel://s1,s2/calls")) {
            RedisConfig redis = load(
                            ConfigKeys.REDIS_URL, url,
                            ConfigKeys.REDIS_CA, ca.toString(),
                            ConfigKeys.DATABASE_URL, POSTGRES)
                    .cluster()
                    .redis()
                    .orElseThrow();

            assertThat(redis.ca()).contains(ca);
            assertThat(redis.describe()).contains("(tls, CA " + ca + ")");
        }
        assertThat(clustered("rediss://redis.example").redis().orElseThrow().ca())
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing   | rediss://h | SECUREVOX_CALL_REDIS_CA: '{file}' does not exist or is not a file
            directory | rediss://h | SECUREVOX_CALL_REDIS_CA: '{file}' does not exist or is not a file
            empty     | rediss://h | SECUREVOX_CALL_REDIS_CA: {file}: no certificate in it (expected: -----BEGIN CERTIFICATE----- blocks of the CA certificates to trust)
            key       | rediss://h | SECUREVOX_CALL_REDIS_CA: {file}: not PEM certificates (expected: -----BEGIN CERTIFICATE----- blocks of the CA certificates to trust)
            text      | rediss://h | SECUREVOX_CALL_REDIS_CA: {file}: not PEM certificates (expected: -----BEGIN CERTIFICATE----- blocks of the CA certificates to trust)
            ca        | redis://h  | SECUREVOX_CALL_REDIS_CA: set but SECUREVOX_CALL_REDIS_URL does not use TLS (expected: a rediss:// or rediss-sentinel:// URL, or no SECUREVOX_CALL_REDIS_CA)
            ca        | redis-sentinel://s1/m | SECUREVOX_CALL_REDIS_CA: set but SECUREVOX_CALL_REDIS_URL does not use TLS (expected: a rediss:// or rediss-sentinel:// URL, or no SECUREVOX_CALL_REDIS_CA)
            """)
    void aCaThatCannotBeUsedIsRefusedNamingTheSettingAndTheFile(String kind, String url, String problem)
            throws IOException {
        Path file = dir.resolve(kind + ".pem");
        switch (kind) {
            case "missing" -> {}
            case "directory" -> Files.createDirectories(file);
            case "empty" -> Files.writeString(file, "");
            case "key" -> Files.copy(TestPki.create(dir).leaf("redis", 1).key(), file);
            case "text" -> Files.writeString(file, "redis.example\n");
            case "ca" -> Files.copy(TestPki.create(dir).caCertificate(), file);
            default -> throw new IllegalArgumentException(kind);
        }

        assertThatThrownBy(() -> load(
                        ConfigKeys.REDIS_URL, url,
                        ConfigKeys.REDIS_CA, file.toString(),
                        ConfigKeys.DATABASE_URL, POSTGRES))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly(problem.replace("{file}", file.toString())));
    }

    @Test
    void aCaWithoutRedisIsIgnoredWithAWarning() throws Exception {
        ServerConfig config =
                load(ConfigKeys.REDIS_CA, TestPki.create(dir).caCertificate().toString());

        assertThat(config.cluster().clustered()).isFalse();
        assertThat(config.warnings())
                .containsExactly(
                        "SECUREVOX_CALL_REDIS_CA: set without SECUREVOX_CALL_REDIS_URL, ignored (single node)");
    }

    @Test
    void aPeerCaIsCheckedAtStartAndKeptForTheCallsBetweenNodes() throws Exception {
        Path ca = TestPki.create(dir).caCertificate();

        ClusterConfig cluster = load(
                        ConfigKeys.REDIS_URL,
                        "redis://redis.example",
                        ConfigKeys.PEER_CA,
                        ca.toString(),
                        ConfigKeys.DATABASE_URL,
                        POSTGRES)
                .cluster();

        assertThat(cluster.peerCa()).contains(ca);
        assertThat(clustered("redis://redis.example").peerCa()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing   | SECUREVOX_CALL_PEER_CA: '{file}' does not exist or is not a file
            empty     | SECUREVOX_CALL_PEER_CA: {file}: no certificate in it (expected: -----BEGIN CERTIFICATE----- blocks of the CA certificates to trust)
            key       | SECUREVOX_CALL_PEER_CA: {file}: not PEM certificates (expected: -----BEGIN CERTIFICATE----- blocks of the CA certificates to trust)
            text      | SECUREVOX_CALL_PEER_CA: {file}: not PEM certificates (expected: -----BEGIN CERTIFICATE----- blocks of the CA certificates to trust)
            """)
    void aPeerCaThatCannotBeUsedIsRefusedNamingTheSettingAndTheFile(String kind, String problem) throws IOException {
        Path file = dir.resolve(kind + ".pem");
        switch (kind) {
            case "missing" -> {}
            case "empty" -> Files.writeString(file, "");
            case "key" -> Files.copy(TestPki.create(dir).leaf("peer", 1).key(), file);
            case "text" -> Files.writeString(file, "node-1.example\n");
            default -> throw new IllegalArgumentException(kind);
        }

        assertThatThrownBy(() -> load(
                        ConfigKeys.REDIS_URL,
                        "redis://h",
                        ConfigKeys.PEER_CA,
                        file.toString(),
                        ConfigKeys.DATABASE_URL,
                        POSTGRES))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly(problem.replace("{file}", file.toString())));
    }

    @Test
    void aPeerCaWithoutRedisIsIgnoredWithAWarning() throws Exception {
        ServerConfig config =
                load(ConfigKeys.PEER_CA, TestPki.create(dir).caCertificate().toString());

        assertThat(config.cluster().peerCa()).isEmpty();
        assertThat(config.warnings())
                .containsExactly("SECUREVOX_CALL_PEER_CA: set without SECUREVOX_CALL_REDIS_URL, ignored (single node)");
    }
}
