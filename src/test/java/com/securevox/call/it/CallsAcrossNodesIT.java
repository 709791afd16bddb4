package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import com.securevox.call.testing.RedisServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Which node serves a call, between two server processes sharing a private Redis and a PostgreSQL database: the
 * first join takes the call's lease, a join on the other node is proxied to the node serving the call, the call's end
 * gives the lease up (the same socket's next join is then served where it is), and when the serving node is killed its
 * clients find the call on the other node once the lease lapses.
 */
class CallsAcrossNodesIT {
    /** A dead node's lease lapses within its 10 s time to live; a held join waits 11 s. */
    private static final Duration LAPSE = Duration.ofSeconds(20);

    private static ServerProcess node(String id, RedisServer redis, PgDatabase database) {
        return ServerProcess.start(Map.of(
                "SECUREVOX_CALL_REDIS_URL",
                redis.url(),
                "SECUREVOX_CALL_DATABASE_URL",
                database.url(),
                "SECUREVOX_CALL_NODE_ID",
                id));
    }

    /** The owner value of the call's lease, such as {@code it-a:1}; null when nobody holds it. */
    private static String owner(RedisServer redis, String call) {
        String reply = redis.command("GET {call:" + call + "}:owner");
        return reply.startsWith("$-1") ? null : reply.substring(reply.indexOf('\n') + 1);
    }

    private static JSONObject joinAck(TestClient client, String call, Duration within) throws Exception {
        CompletableFuture<JSONObject> ack = client.send("join_call", new JSONObject().put("sessionId", call));
        return ack.get(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void aCallIsServedByTheNodeHoldingItsLeaseAndMovesWhenThatNodeDies() throws Exception {
        String call = TestClient.fresh("call");
        try (RedisServer redis = RedisServer.start();
                PgDatabase database = PgDatabase.create();
                ServerProcess a = node("it-a", redis, database);
                ServerProcess b = node("it-b", redis, database)) {
            TestClient alice = TestClient.joined(a, Via.WEBSOCKET, "alice", call);
            assertThat(owner(redis, call)).isEqualTo("it-a:1");

            // Bob reached the other node: once it-b lists it-a as live, his join is proxied to it-a, which serves it.
            ServerProcess.await(Duration.ofSeconds(10), "it-b to list it-a", () -> Http.get(b.url() + "/health")
                    .body()
                    .contains("\"it-a\""));
            TestClient bob = TestClient.authenticated(b, Via.WEBSOCKET, "bob", call);
            JSONObject proxied = joinAck(bob, call, Duration.ofSeconds(5));
            assertThat(proxied.getBoolean("ok")).as(proxied.toString()).isTrue();
            assertThat(proxied.getJSONArray("participants").getJSONObject(0).getString("userId"))
                    .isEqualTo("alice");
            assertThat(owner(redis, call)).isEqualTo("it-a:1");

            // The call ends on it-a: its lease goes with it, and the next meeting may be served anywhere.
            bob.call("leave_call", new JSONObject().put("sessionId", call));
            alice.call("leave_call", new JSONObject().put("sessionId", call));
            ServerProcess.await(Duration.ofSeconds(5), "it-a's release", () -> owner(redis, call) == null);
            assertThat(joinAck(bob, call, LAPSE).getBoolean("ok")).isTrue();
            assertThat(owner(redis, call)).isEqualTo("it-b:2");

            // it-b dies with the call; its clients come back through it-a, whose joins wait until the lease lapses.
            b.signal("KILL");
            b.awaitExit(Duration.ofSeconds(10));
            // it-a may still list the dead it-b for a few seconds: a join proxied there meanwhile is rerouted once it
            // does not, and waits for the lease like the others.
            TestClient carol = TestClient.authenticated(a, Via.WEBSOCKET, "carol", call);
            JSONObject served = joinAck(carol, call, LAPSE);
            assertThat(served.getBoolean("ok")).as(served.toString()).isTrue();
            assertThat(owner(redis, call)).isEqualTo("it-a:3");
            TestClient bobAgain = TestClient.authenticated(a, Via.WEBSOCKET, "bob", call);
            JSONObject rejoined = joinAck(bobAgain, call, Duration.ofSeconds(5));
            assertThat(rejoined.getJSONArray("participants").getJSONObject(0).getString("userId"))
                    .isEqualTo("carol");
            for (TestClient client : new TestClient[] {alice, bob, carol, bobAgain}) {
                client.close();
            }
        }
    }
}
