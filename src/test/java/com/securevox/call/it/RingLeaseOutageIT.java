package com.securevox.call.it;

import static com.securevox.call.it.Replies.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import com.securevox.call.testing.RedisServer;
import com.securevox.call.testing.TcpRelay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A ring whose new call (nobody joined it yet) lost its lease while Redis was out of reach (issue 15): two server
 * processes on a private Redis, node A behind a TCP relay the test can cut. The ring lives on A; bob's device is on B,
 * whose answers go where the call's lease is.
 */
class RingLeaseOutageIT {
    static final Duration LAPSE = Duration.ofSeconds(40);
    static java.nio.file.Path dir;
    static RedisServer redis;
    static TcpRelay link;
    static PgDatabase database;
    static ServerProcess a;
    static ServerProcess b;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        dir = java.nio.file.Files.createTempDirectory("securevox-ring-outage-it-");
        // Kept on disk as a production Redis is: what outlives an outage is what a restart reads back.
        redis = RedisServer.startPersistent(dir);
        link = new TcpRelay(redis.port());
        database = PgDatabase.create();
        a = Nodes.start(
                "it-ring-a",
                redis,
                database,
                "SECUREVOX_CALL_REDIS_URL",
                "redis://127.0.0.1:" + link.port(),
                "SECUREVOX_CALL_RING_TIMEOUT",
                "120s");
        b = Nodes.start("it-ring-b", redis, database, "SECUREVOX_CALL_RING_TIMEOUT", "120s");
        awaitListedByBoth();
    }

    private static void awaitListedByBoth() {
        for (ServerProcess observer : List.of(a, b)) {
            for (String node : List.of("it-ring-a", "it-ring-b")) {
                Nodes.awaitListed(observer, node);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        ServerProcess.close(a, b);
        if (link != null) {
            link.close();
        }
        if (database != null) {
            database.close();
        }
        if (redis != null) {
            redis.close();
        }
        ServerProcess.delete(dir);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(TestClient::close);
    }

    private TestClient device(ServerProcess node, String userId) {
        TestClient client = TestClient.connect(node.url(), Via.WEBSOCKET, RingingIT.userToken(node, userId));
        clients.add(client);
        assertThat(client.await("authenticated").json().getString("scope")).isEqualTo("user");
        return client;
    }

    /** Alice on A rings bob on B; the ring's call is held by A. */
    private Rung ring() {
        String alice = TestClient.fresh("alice");
        String bob = TestClient.fresh("bob");
        TestClient caller = device(a, alice);
        TestClient bobs = device(b, bob);
        ServerProcess.await(Duration.ofSeconds(15), bob + "'s device in the directory", () -> redis.command(
                        "ZCARD securevox:devices:" + bob)
                .equals(":1"));
        JSONObject invited = assertOk(RingingIT.invite(caller, bob));
        String sessionId = invited.getString("sessionId");
        assertThat(bobs.await("incoming_call").json().getString("sessionId")).isEqualTo(sessionId);
        assertThat(Nodes.owner(redis, sessionId)).startsWith("it-ring-a:");
        return new Rung(alice, bob, sessionId, caller, bobs);
    }

    private record Rung(String alice, String bob, String sessionId, TestClient caller, TestClient bobs) {}

    private static double lapsed(ServerProcess node) {
        String metrics = Http.get(node.url() + "/metrics").body();
        String name = "securevox_cluster_leases_lost_total{kind=\"lapsed\",node=\"it-ring-a\"} ";
        int at = metrics.indexOf(name);
        return at < 0
                ? 0
                : Double.parseDouble(metrics.substring(at + name.length()).split("\\s")[0]);
    }

    @Test
    void aRingWhoseLeaseLapsedInAnOutageIsAnsweredFromAnotherNodeOnceRedisIsBack() {
        Rung ring = ring();
        double before = lapsed(a);
        String owner = Nodes.owner(redis, ring.sessionId());

        // Redis goes away for longer than the lease: the lease lapses on A, and in Redis too.
        redis.kill();
        ServerProcess.await(LAPSE, "the ring's lease lapsed on A", () -> lapsed(a) > before);
        redis.restart();
        awaitListedByBoth();

        // A takes the lease of the call it still rings back, under a new epoch.
        ServerProcess.await(LAPSE, "A holding the rung call's lease again", () -> {
            String now = Nodes.owner(redis, ring.sessionId());
            return now != null && now.startsWith("it-ring-a:") && !now.equals(owner);
        });
        JSONObject accepted =
                assertOk(ring.bobs().call("call_accept", new JSONObject().put("sessionId", ring.sessionId())));

        assertThat(accepted.getString("state")).isEqualTo("accepted");
        RingingIT.assertInviteState(ring.caller(), ring.sessionId(), ring.bob(), "ringing");
        RingingIT.assertInviteState(ring.caller(), ring.sessionId(), ring.bob(), "accepted");
    }

    @Test
    void aRingWhoseCallAnotherNodeTookWhileItsNodeWasCutOffIsCancelled() {
        Rung ring = ring();
        double before = lapsed(a);

        // A is cut off from Redis: its lease lapses, and B, which still reaches Redis, takes the call for a join.
        link.pause();
        try {
            ServerProcess.await(LAPSE, "the ring's lease lapsed on A", () -> lapsed(a) > before);
            ServerProcess.await(LAPSE, "the lease gone from Redis", () -> Nodes.owner(redis, ring.sessionId()) == null);
            clients.add(TestClient.joined(b, Via.WEBSOCKET, TestClient.fresh("carol"), ring.sessionId()));
            assertThat(Nodes.owner(redis, ring.sessionId())).startsWith("it-ring-b:");
        } finally {
            link.resume();
        }

        // Back in touch, A finds the call served by B: nobody can answer its ring any more, which ends as cancelled.
        assertThat(ring.bobs().await("incoming_call_ended", LAPSE).json().toMap())
                .isEqualTo(Map.of("sessionId", ring.sessionId(), "reason", "cancelled"));
        RingingIT.assertInviteState(ring.caller(), ring.sessionId(), ring.bob(), "ringing");
        JSONObject cancelled = ring.caller().await("invite_state", LAPSE).json();
        assertThat(cancelled.toMap())
                .isEqualTo(Map.of("sessionId", ring.sessionId(), "userId", ring.bob(), "state", "cancelled"));
        assertThat(Nodes.owner(redis, ring.sessionId())).startsWith("it-ring-b:");
    }
}
