package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * An admin session is the cluster's, not a node's: two server processes sharing a private Redis and a PostgreSQL
 * database, behind no sticky load balancer. A cookie from a sign-in on one node opens the dashboard on the other; it
 * still does after the node that signed it in restarts; its sign-out on one node is refused on the other within the
 * documented 5 s. The health page of either has a row per node.
 */
class AdminSessionsAcrossNodesIT {
    /** {@code AdminSessions.RECHECK} (5 s) and a request's time. */
    private static final Duration SIGN_OUT_REACHES = Duration.ofSeconds(8);

    private static int calls(ServerProcess server, String cookie) {
        return Http.get(server.url() + "/admin/api/calls", "Cookie", cookie).status();
    }

    private static List<String> healthRows(ServerProcess server, String cookie) {
        Http.Response health = Http.get(server.url() + "/admin/api/health", "Cookie", cookie);
        assertThat(health.status()).as("%s", health).isEqualTo(200);
        JSONArray rows = health.json().getJSONArray("nodeHealth");
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < rows.length(); i++) {
            JSONObject row = rows.getJSONObject(i);
            seen.add(row.getString("id") + " " + row.getString("status"));
            if (!row.getString("status").equals("unreachable")) {
                assertThat(row.getString("version")).isNotEmpty();
                assertThat(row.getLong("uptimeSeconds")).isNotNegative();
                assertThat(row.getInt("connections")).isNotNegative();
            }
        }
        return seen;
    }

    @Test
    void aSessionWorksOnEveryNodeSurvivesARestartAndEndsEverywhere() {
        try (RedisServer redis = RedisServer.start();
                PgDatabase database = PgDatabase.create();
                ServerProcess b = Nodes.start("it-sess-b", redis, database)) {
            String cookie;
            try (ServerProcess a = Nodes.start("it-sess-a", redis, database)) {
                Nodes.awaitListed(b, "it-sess-a");
                Nodes.awaitListed(a, "it-sess-b");
                cookie = AdminAcrossNodesIT.signIn(a);
                assertThat(calls(a, cookie)).isEqualTo(200);
                assertThat(calls(b, cookie))
                        .as("the other node's answer to a cookie of a")
                        .isEqualTo(200);
                assertThat(healthRows(b, cookie)).containsExactly("it-sess-a healthy", "it-sess-b healthy");
                assertThat(calls(b, "securevox_admin=not-a-session")).isEqualTo(401);
            }

            // The node that signed the operator in restarts: the session lives on, there and on the other node.
            try (ServerProcess a = Nodes.start("it-sess-a", redis, database)) {
                assertThat(calls(a, cookie)).as("a after its restart").isEqualTo(200);
                assertThat(calls(b, cookie)).isEqualTo(200);

                Http.Response signedOut = Http.request(
                        "DELETE", a.url() + "/admin/api/session", null, "Cookie", cookie, "Origin", a.url());
                assertThat(signedOut.status()).as("%s", signedOut).isEqualTo(204);
                assertThat(calls(a, cookie))
                        .as("at once on the node signing out")
                        .isEqualTo(401);
                ServerProcess.await(
                        SIGN_OUT_REACHES, "the sign-out refused on it-sess-b", () -> calls(b, cookie) == 401);
                Http.Response page = Http.get(b.url() + "/admin", "Cookie", cookie);
                assertThat(page.status()).isEqualTo(303);
            }
        }
    }
}
