package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /health} and {@code /ready}, for one node and for several. */
class ProbesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final List<ClusterHealth.Node> NODES = List.of(
            new ClusterHealth.Node("node-a", "http://10.0.0.5:8002", T, false, 2, T.plusSeconds(60)),
            new ClusterHealth.Node("node-b", "http://10.0.0.6:8002", T.plusSeconds(5), true, 0, T.plusSeconds(59)));

    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicReference<Optional<ClusterHealth>> cluster = new AtomicReference<>(Optional.empty());
    private final AtomicReference<DatabaseHealth> database =
            new AtomicReference<>(DatabaseHealth.of("postgresql", 0, 0, 0));
    private final AtomicReference<SfuHealth> sfu = new AtomicReference<>(SfuHealth.OFF);
    private final AtomicReference<TurnStatus> turn = new AtomicReference<>(TurnStatus.OFF);
    private final HttpApi api = TestHttpApi.with("probes-api-key")
            .draining(draining::get)
            .database(database::get)
            .sfu(sfu::get)
            .turn(turn::get)
            .cluster(cluster::get)
            .build();

    private ApiResponse get(String path) {
        return api.handle(new ApiRequest("GET", path, Map.of(), new byte[0], "127.0.0.1"));
    }

    private static JsonNode json(ApiResponse response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void oneNodeSaysNothingOfNodesOrRedis() throws IOException {
        JsonNode health = json(get("/health"));

        assertThat(health.get("status").asText()).isEqualTo("healthy");
        assertThat(health.has("node")).isFalse();
        assertThat(health.has("nodes")).isFalse();
        assertThat(health.has("redis")).isFalse();
        assertThat(health.has("degraded")).isFalse();
        assertThat(health.has("leases")).isFalse();
        assertThat(health.has("inbox")).isFalse();
    }

    /** A database outage shows, but fails neither probe: calls go on, their history waits in the writer's queue. */
    @Test
    void theHistoryDatabaseIsShownAsTheWriterKnowsItAndFailsNeitherProbe() throws IOException {
        assertThat(json(get("/health")).get("database").toString())
                .isEqualTo("{\"kind\":\"postgresql\",\"status\":\"up\",\"failedWrites\":0,\"queued\":0,\"dropped\":0}");

        database.set(DatabaseHealth.of("postgresql", 7, 42, 1));

        ApiResponse health = get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(json(health).get("status").asText()).isEqualTo("healthy");
        assertThat(json(health).get("database").toString())
                .isEqualTo("{\"kind\":\"postgresql\",\"status\":\"failing\",\"failedWrites\":7,\"queued\":42,"
                        + "\"dropped\":1}");
        assertThat(get("/ready").status()).isEqualTo(200);
    }

    @Test
    void severalNodesListTheLiveNodesAndRedis() throws IOException {
        cluster.set(Optional.of(new ClusterHealth("node-a", NODES, true, T, 3)));

        ApiResponse response = get("/health");

        assertThat(response.status()).isEqualTo(200);
        JsonNode health = json(response);
        assertThat(health.get("node").asText()).isEqualTo("node-a");
        assertThat(health.get("degraded").asBoolean()).isFalse();
        assertThat(health.get("leases").asInt()).isEqualTo(3);
        assertThat(health.get("redis").toString()).isEqualTo("{\"status\":\"ok\",\"since\":1796119200}");
        assertThat(health.get("inbox").toString()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(health.get("nodes").toString())
                .isEqualTo("[{\"id\":\"node-a\",\"url\":\"http://10.0.0.5:8002\",\"startedAt\":1796119200,"
                        + "\"draining\":false,\"activeCalls\":2,\"lastSeen\":1796119260},"
                        + "{\"id\":\"node-b\",\"url\":\"http://10.0.0.6:8002\",\"startedAt\":1796119205,"
                        + "\"draining\":true,\"activeCalls\":0,\"lastSeen\":1796119259}]");
    }

    @Test
    void redisSaysWhichPrimaryItIsAndWhenItChanged() throws IOException {
        ClusterHealth.Primary failedOver = new ClusterHealth.Primary("6f0c2a", 1, 2, Optional.of(T.plusSeconds(60)), 3);
        cluster.set(
                Optional.of(new ClusterHealth("node-a", NODES, true, T, 1, Optional.empty(), Optional.of(failedOver))));

        assertThat(json(get("/health")).get("redis").toString())
                .isEqualTo("{\"status\":\"ok\",\"since\":1796119200,\"primary\":{\"runId\":\"6f0c2a\","
                        + "\"replicas\":1,\"changes\":2,\"changedAt\":1796119260,\"unconfirmedWrites\":3}}");

        ClusterHealth.Primary first = new ClusterHealth.Primary("6f0c2a", 0, 0, Optional.empty(), 0);
        cluster.set(Optional.of(new ClusterHealth("node-a", NODES, true, T, 1, Optional.empty(), Optional.of(first))));

        assertThat(json(get("/health")).get("redis").get("primary").toString())
                .isEqualTo("{\"runId\":\"6f0c2a\",\"replicas\":0,\"changes\":0,\"unconfirmedWrites\":0}");
    }

    @Test
    void anInboxThatCannotBeReadDegradesHealthButNeitherProbeFails() throws IOException {
        String problem = "{inbox:node-a} holds a string (expected: a stream, a node's inbox)";
        cluster.set(Optional.of(new ClusterHealth("node-a", NODES, true, T, 0, Optional.of(problem))));

        ApiResponse health = get("/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(json(health).get("status").asText()).isEqualTo("healthy");
        assertThat(json(health).get("degraded").asBoolean()).isTrue();
        assertThat(json(health).get("inbox").get("status").asText()).isEqualTo("blocked");
        assertThat(json(health).get("inbox").get("problem").asText()).isEqualTo(problem);
        assertThat(get("/ready").status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "draining={0} redis reachable={1}")
    @CsvSource({
        "false, true,  200, healthy,  ok,          false, 200",
        "false, false, 200, healthy,  unreachable, true,  200",
        "true,  true,  503, draining, ok,          false, 503",
        "true,  false, 503, draining, unreachable, true,  503",
    })
    void redisDownDegradesHealthButNeitherProbeFails(
            boolean isDraining,
            boolean reachable,
            int healthStatus,
            String status,
            String redis,
            boolean degraded,
            int readyStatus)
            throws IOException {
        draining.set(isDraining);
        cluster.set(Optional.of(new ClusterHealth("node-a", NODES, reachable, T, 0)));

        ApiResponse health = get("/health");
        ApiResponse ready = get("/ready");

        assertThat(health.status()).isEqualTo(healthStatus);
        assertThat(json(health).get("status").asText()).isEqualTo(status);
        assertThat(json(health).get("redis").get("status").asText()).isEqualTo(redis);
        assertThat(json(health).get("degraded").asBoolean()).isEqualTo(degraded);
        assertThat(ready.status()).isEqualTo(readyStatus);
    }

    /**
     * A node cut off from Redis alone says so in {@code /health} (still 200: it is alive, and its liveness must not
     * restart it), which the other nodes read as "does not reach Redis".
     */
    @Test
    void aNodeCutOffFromRedisAloneSaysSoInHealth() throws IOException {
        cluster.set(
                Optional.of(new ClusterHealth("node-a", NODES, false, T, 0, Optional.empty(), Optional.empty(), true)));

        ApiResponse health = get("/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(json(health).get("status").asText()).isEqualTo("healthy");
        assertThat(json(health).get("redis").toString()).isEqualTo("{\"status\":\"cut-off\",\"since\":1796119200}");
        assertThat(json(health).get("degraded").asBoolean()).isTrue();
    }

    /**
     * What {@code /ready} answers in each state: the status code follows draining, and a node cut off from Redis alone, and {@code degraded} names
     * every part {@code /health} shows failing, absent while none does (so a healthy node's body is unchanged).
     */
    @ParameterizedTest(name = "draining={0} nodes={1} redis={2} inbox={3} database={4} sfu={5} turn={6}")
    @CsvSource(delimiter = '|', textBlock = """
            # draining | nodes   | redis       | inbox   | database | sfu  | coturn  | status | body
              false    | one     | -           | -       | up       | up   | running | 200    | {"status":"ready"}
              true     | one     | -           | -       | up       | up   | running | 503    | {"status":"draining"}
              false    | several | ok          | ok      | up       | off  | off     | 200    | {"status":"ready"}
              false    | several | unreachable | ok      | up       | off  | off     | 200    | {"status":"ready","degraded":["redis"]}
              true     | several | unreachable | ok      | up       | off  | off     | 503    | {"status":"draining","degraded":["redis"]}
              false    | several | cut-off     | ok      | up       | off  | off     | 503    | {"status":"cut-off","degraded":["redis"]}
              true     | several | cut-off     | ok      | up       | off  | off     | 503    | {"status":"draining","degraded":["redis"]}
              false    | several | cut-off     | blocked | failing  | off  | off     | 503    | {"status":"cut-off","degraded":["database","inbox","redis"]}
              false    | several | ok          | blocked | up       | off  | off     | 200    | {"status":"ready","degraded":["inbox"]}
              false    | several | unreachable | blocked | failing  | off  | off     | 200    | {"status":"ready","degraded":["database","inbox","redis"]}
              false    | one     | -           | -       | failing  | up   | running | 200    | {"status":"ready","degraded":["database"]}
              false    | one     | -           | -       | up       | down | running | 200    | {"status":"ready","degraded":["sfu"]}
              false    | one     | -           | -       | up       | up   | dead    | 200    | {"status":"ready","degraded":["turn"]}
              false    | one     | -           | -       | up       | starting | external | 200 | {"status":"ready"}
              true     | several | unreachable | blocked | failing  | down | dead    | 503    | {"status":"draining","degraded":["database","inbox","redis","sfu","turn"]}
            """)
    void readySaysWhatIsDegradedWithoutFailingForIt(
            boolean isDraining,
            String nodes,
            String redis,
            String inbox,
            String databaseStatus,
            String sfuStatus,
            String coturn,
            int status,
            String body)
            throws IOException {
        draining.set(isDraining);
        cluster.set(
                nodes.equals("one")
                        ? Optional.empty()
                        : Optional.of(new ClusterHealth(
                                "node-a",
                                NODES,
                                redis.equals("ok"),
                                T,
                                0,
                                inbox.equals("ok") ? Optional.empty() : Optional.of("{inbox:node-a} holds a string"),
                                Optional.empty(),
                                redis.equals("cut-off"))));
        database.set(DatabaseHealth.of("postgresql", databaseStatus.equals("up") ? 0 : 3, 5, 0));
        sfu.set(new SfuHealth(sfuStatus.equals("off") ? "off" : "managed", sfuStatus, 0, 0));
        turn.set(
                switch (coturn) {
                    case "off" -> TurnStatus.OFF;
                    case "external" -> new TurnStatus(true, false, null, 0);
                    default -> new TurnStatus(true, true, coturn.equals("running"), 0);
                });

        ApiResponse ready = get("/ready");

        assertThat(ready.status()).isEqualTo(status);
        assertThat(new String(ready.body(), StandardCharsets.UTF_8)).isEqualTo(body);
    }
}
