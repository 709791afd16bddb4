package com.securevox.call.it;

import static com.securevox.call.it.TestClient.fresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import com.securevox.call.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * The REST API answers for any call from any node: two server processes sharing a private Redis and a PostgreSQL
 * database, a call on one of them, and the backend talking to the other. {@code /api/call/stats} counts every node's
 * calls, with each node's part; host controls sent to the other node act on the call where it is served, and its
 * participants see them; a node killed with {@code kill -9} is listed as unreachable until it leaves the nodes' list.
 */
class ClusterViewsIT {
    private static final String BEARER = "Bearer " + ServerProcess.API_KEY;
    private static final Duration SEEN = Duration.ofSeconds(15);
    private static final Duration QUIET = Duration.ofMillis(300);

    private static void awaitListed(ServerProcess server, String... ids) {
        ServerProcess.await(SEEN, server.url() + " lists " + List.of(ids), () -> Nodes.nodeIds(
                        Http.get(server.url() + "/health").json().optJSONArray("nodes"))
                .equals(List.of(ids)));
    }

    private static JSONObject stats(ServerProcess server) {
        Http.Response stats = Http.get(server.url() + "/api/call/stats", "Authorization", BEARER);
        assertThat(stats.status()).as("%s", stats).isEqualTo(200);
        return stats.json();
    }

    private static Http.Response post(ServerProcess server, String path, JSONObject body, String... headers) {
        List<String> all = new ArrayList<>(List.of("Content-Type", "application/json"));
        all.addAll(List.of(headers));
        return Http.request(
                "POST", server.url() + path, body == null ? null : body.toString(), all.toArray(String[]::new));
    }

    private static String errorCode(Http.Response response) {
        return response.json().getJSONObject("error").getString("code");
    }

    @Test
    void statsCountEveryNodeAndHostControlsSentToAnyNodeActWhereTheCallIs() {
        String call = fresh("call");
        String alice = fresh("alice");
        String bob = fresh("bob");
        String carol = fresh("carol");
        try (RedisServer redis = RedisServer.start();
                PgDatabase database = PgDatabase.create();
                ServerProcess a = Nodes.start("it-views-a", redis, database);
                ServerProcess b = Nodes.start("it-views-b", redis, database)) {
            awaitListed(b, "it-views-a", "it-views-b");
            try (TestClient al = TestClient.joined(a, Via.WEBSOCKET, alice, call);
                    TestClient bo = TestClient.joined(a, Via.WEBSOCKET, bob, call);
                    TestClient ca = TestClient.joined(a, Via.POLLING, carol, call)) {
                JSONObject stats = stats(b);
                assertThat(stats.getInt("totalActiveCalls")).as("%s", stats).isEqualTo(1);
                assertThat(stats.getInt("connectedUsers")).isEqualTo(3);
                assertThat(stats.getString("node")).isEqualTo("it-views-b");
                JSONObject listed = stats.getJSONArray("activeCalls").getJSONObject(0);
                assertThat(listed.getString("sessionId")).isEqualTo(call);
                assertThat(listed.getString("node")).isEqualTo("it-views-a");
                assertThat(listed.getInt("participantCount")).isEqualTo(3);
                JSONArray nodes = stats.getJSONArray("nodes");
                assertThat(Nodes.nodeIds(nodes)).containsExactly("it-views-a", "it-views-b");
                assertThat(nodes.getJSONObject(0).toMap())
                        .isEqualTo(Map.of(
                                "id",
                                "it-views-a",
                                "url",
                                a.url(),
                                "status",
                                "ok",
                                "activeCalls",
                                1,
                                "connectedUsers",
                                3));
                assertThat(nodes.getJSONObject(1).getInt("activeCalls")).isZero();
                // The same numbers from the node serving the call.
                assertThat(stats(a).getInt("totalActiveCalls")).isEqualTo(1);
                assertThat(stats(a).getJSONArray("activeCalls").getJSONObject(0).getString("node"))
                        .isEqualTo("it-views-a");

                // The backend mutes bob through it-views-b: it-views-a acts, and bob and the others see it.
                Http.Response muted = post(
                        b,
                        "/api/calls/" + call + "/participants/" + bob + "/mute",
                        new JSONObject().put("kind", "audio"),
                        "Authorization",
                        BEARER);
                assertThat(muted.status()).as("%s", muted).isEqualTo(200);
                assertThat(muted.json().getJSONObject("participant").getBoolean("audioMuted"))
                        .isTrue();
                Nodes.assertMutedByApi(bo, al, call, bob);

                // it-views-a's refusal comes back as it is.
                Http.Response nobody =
                        post(b, "/api/calls/" + call + "/participants/nobody/remove", null, "Authorization", BEARER);
                assertThat(nobody.status()).isEqualTo(404);
                assertThat(nobody.json().getJSONObject("error").getString("message"))
                        .isEqualTo("userId: 'nobody' (expected: a participant of call '" + call + "')");

                Http.Response removed = post(
                        b, "/api/calls/" + call + "/participants/" + carol + "/remove", null, "Authorization", BEARER);
                assertThat(removed.status()).as("%s", removed).isEqualTo(200);
                Nodes.assertRemovedByApi(ca, al, call, carol);

                // A call no node serves: it-views-b says so, as a single node does.
                Http.Response unknown =
                        post(b, "/api/calls/" + fresh("nocall") + "/end", null, "Authorization", BEARER);
                assertThat(unknown.status()).as("%s", unknown).isEqualTo(404);
                assertThat(errorCode(unknown)).isEqualTo("NOT_FOUND");

                // The forwarded header only makes a node answer for itself: it-views-b has not the call, and the key
                // is checked as ever.
                Http.Response claimed = post(
                        b,
                        "/api/calls/" + call + "/end",
                        null,
                        "Authorization",
                        BEARER,
                        "X-SecureVOX-Forwarded-By",
                        "x");
                assertThat(claimed.status()).as("%s", claimed).isEqualTo(404);
                Http.Response noKey = post(b, "/api/calls/" + call + "/end", null, "X-SecureVOX-Forwarded-By", "x");
                assertThat(noKey.status()).isEqualTo(401);
                al.assertNothing(QUIET, "call_ended");

                Http.Response ended = post(b, "/api/calls/" + call + "/end", null, "Authorization", BEARER);
                assertThat(ended.status()).as("%s", ended).isEqualTo(200);
                assertThat(ended.json().toMap()).isEqualTo(Map.of("sessionId", call, "reason", "ended_by_host"));
                for (TestClient everyone : List.of(al, bo)) {
                    assertThat(everyone.await("call_ended").json().getString("by"))
                            .isEqualTo("api");
                }
                ServerProcess.await(
                        SEEN, "the call gone from the stats", () -> stats(b).getInt("totalActiveCalls") == 0);
            }
        }
    }

    @Test
    void aKilledNodeIsListedUnreachableInTheStatsUntilItLeavesTheNodesList() {
        String call = fresh("call");
        try (RedisServer redis = RedisServer.start();
                PgDatabase database = PgDatabase.create();
                ServerProcess a = Nodes.start("it-views-c", redis, database);
                ServerProcess b = Nodes.start("it-views-d", redis, database)) {
            awaitListed(b, "it-views-c", "it-views-d");
            TestClient alice = TestClient.joined(a, Via.WEBSOCKET, fresh("alice"), call);
            assertThat(stats(b).getInt("totalActiveCalls")).isEqualTo(1);

            a.signal("KILL");
            a.awaitExit(Duration.ofSeconds(10));

            // Its entry lasts 5 s after its last heartbeat: meanwhile it is asked, and does not answer.
            JSONObject degraded = stats(b);
            JSONObject dead = degraded.getJSONArray("nodes").getJSONObject(0);
            assertThat(dead.getString("id")).as("%s", degraded).isEqualTo("it-views-c");
            assertThat(dead.getString("status")).isEqualTo("unreachable");
            assertThat(dead.getString("error")).contains("node 'it-views-c' at " + a.url());
            assertThat(dead.has("activeCalls")).isFalse();
            assertThat(degraded.getInt("totalActiveCalls")).isZero();
            // Its call can be acted on nowhere until its clients bring it back: said, not pretended.
            Http.Response end = post(b, "/api/calls/" + call + "/end", null, "Authorization", BEARER);
            assertThat(end.status()).as("%s", end).isEqualTo(503);
            assertThat(errorCode(end)).isEqualTo("UNAVAILABLE");
            assertThat(end.json().getJSONObject("error").getString("message"))
                    .contains("call '" + call + "': served by node 'it-views-c'");

            ServerProcess.await(
                    SEEN, "the dead node gone from the stats", () -> Nodes.nodeIds(stats(b).getJSONArray("nodes"))
                            .equals(List.of("it-views-d")));
            alice.close();
        }
    }
}
