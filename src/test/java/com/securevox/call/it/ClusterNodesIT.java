package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.testing.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Server processes sharing a private Redis and a PostgreSQL database: each lists the others in {@code /health}, labels
 * its metrics with its node, renews the leases of its calls, and rides out Redis going away ({@code /health} degraded,
 * {@code /ready} still 200, its calls going on) and coming back.
 */
class ClusterNodesIT {
    private static final Duration SEEN = Duration.ofSeconds(15);

    private static JSONObject health(ServerProcess server) {
        return Http.get(server.url() + "/health").json();
    }

    private static List<String> nodeIds(JSONObject health) {
        return Nodes.nodeIds(health.optJSONArray("nodes"));
    }

    @Test
    void twoNodesListEachOtherLabelTheirMetricsAndRideOutARedisOutage() {
        ServerProcess a = null;
        ServerProcess b = null;
        RedisServer redis = RedisServer.start();
        int port = redis.port();
        try (PgDatabase database = PgDatabase.create()) {
            a = Nodes.start("it-node-a", redis, database);
            b = Nodes.start("it-node-b", redis, database);
            for (ServerProcess server : List.of(a, b)) {
                ServerProcess.await(SEEN, server.url() + " lists both nodes", () -> nodeIds(health(server))
                        .equals(List.of("it-node-a", "it-node-b")));
            }
            JSONObject fromA = health(a);
            assertThat(fromA.getString("node")).isEqualTo("it-node-a");
            assertThat(fromA.getBoolean("degraded")).isFalse();
            assertThat(fromA.getJSONObject("redis").getString("status")).isEqualTo("ok");
            JSONObject nodeB = fromA.getJSONArray("nodes").getJSONObject(1);
            assertThat(nodeB.getString("url")).isEqualTo(b.url());
            assertThat(nodeB.getBoolean("draining")).isFalse();
            assertThat(nodeB.getInt("activeCalls")).isZero();
            assertThat(Http.get(a.url() + "/metrics").body())
                    .contains("securevox_cluster_redis_up{node=\"it-node-a\"} 1.0")
                    .contains("securevox_active_calls{node=\"it-node-a\"} 0.0")
                    .doesNotContain("node=\"it-node-b\"");
            assertThat(Http.get(b.url() + "/metrics").body())
                    .contains("securevox_cluster_leases_lost_total{kind=\"lapsed\",node=\"it-node-b\"} 0.0");

            redis.close();

            for (ServerProcess server : List.of(a, b)) {
                ServerProcess.await(
                        SEEN, server.url() + " degraded", () -> health(server).optBoolean("degraded"));
                JSONObject degraded = health(server);
                assertThat(degraded.getJSONObject("redis").getString("status")).isEqualTo("unreachable");
                assertThat(Http.get(server.url() + "/health").status()).isEqualTo(200);
                // Calls on this node go on without Redis: the balancer must keep sending them here.
                assertThat(Http.get(server.url() + "/ready").status()).isEqualTo(200);
                // The last list known stays.
                assertThat(nodeIds(degraded)).containsExactly("it-node-a", "it-node-b");
            }
            assertThat(Http.get(a.url() + "/metrics").body())
                    .contains("securevox_cluster_redis_up{node=\"it-node-a\"} 0.0");

            redis = RedisServer.startOn(port);

            for (ServerProcess server : List.of(a, b)) {
                ServerProcess.await(SEEN, server.url() + " recovered", () -> {
                    JSONObject health = health(server);
                    return !health.getBoolean("degraded") && nodeIds(health).equals(List.of("it-node-a", "it-node-b"));
                });
                assertThat(health(server).getJSONObject("redis").getString("status"))
                        .isEqualTo("ok");
            }
            assertThat(redis.command("ZRANGE securevox:nodes 0 -1")).contains("it-node-a", "it-node-b");
        } finally {
            ServerProcess.close(a, b);
            redis.close();
        }
    }

    @Test
    void aCallsLeaseIsRenewedAndWhenRedisGoesItLapsesWhileTheCallGoesOn() {
        RedisServer redis = RedisServer.start();
        try (PgDatabase database = PgDatabase.create();
                ServerProcess a = Nodes.start("it-node-c", redis, database);
                TestClient alice = TestClient.joined(a, TestClient.Via.WEBSOCKET, "alice", "call_1")) {
            ServerProcess.await(
                    SEEN,
                    "the call counted in /health",
                    () -> health(a).getJSONArray("nodes").getJSONObject(0).getInt("activeCalls") == 1);
            assertThat(redis.command("GET {call:call_1}:owner")).endsWith("it-node-c:1");
            assertThat(Http.get(a.url() + "/metrics").body())
                    .contains("securevox_cluster_leases_held{node=\"it-node-c\"} 1.0");
            // Renewed every third of the 10 s: the time to live goes up again.
            AtomicLong previous = new AtomicLong(pttl(redis));
            ServerProcess.await(SEEN, "the lease renewed", () -> {
                long now = pttl(redis);
                return now > previous.getAndSet(now) + 500;
            });

            redis.close();

            ServerProcess.await(
                    Duration.ofSeconds(30), "the lease counted as lapsed", () -> Http.get(a.url() + "/metrics")
                            .body()
                            .contains("securevox_cluster_leases_lost_total{kind=\"lapsed\",node=\"it-node-c\"} 1.0"));
            // The call goes on here without Redis: a newcomer joins it, and alice hears of it.
            try (TestClient bob = TestClient.joined(a, TestClient.Via.WEBSOCKET, "bob", "call_1")) {
                assertThat(alice.await("participant_joined").json().toString()).contains("bob");
            }
        } finally {
            redis.close();
        }
    }

    private static long pttl(RedisServer redis) {
        return Long.parseLong(redis.command("PTTL {call:call_1}:owner").substring(1));
    }
}
