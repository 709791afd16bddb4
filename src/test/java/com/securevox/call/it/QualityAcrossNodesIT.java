package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import com.securevox.call.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Quality reports with two nodes on one Redis and one PostgreSQL: a report sent through the node that does not serve the
 * call reaches the one that does, and either node answers {@code GET /api/calls/{sessionId}/quality} from the shared
 * history database.
 */
class QualityAcrossNodesIT {
    @Test
    void reportsThroughEitherNodeAreReadFromEither() throws Exception {
        String call = TestClient.fresh("call");
        try (RedisServer redis = RedisServer.start();
                PgDatabase database = PgDatabase.create();
                ServerProcess a = Nodes.start("it-a", redis, database);
                ServerProcess b = Nodes.start("it-b", redis, database)) {
            Nodes.awaitListed(b, "it-a");
            try (TestClient alice = TestClient.joined(a, Via.WEBSOCKET, "alice", call);
                    TestClient bob = TestClient.authenticated(b, Via.WEBSOCKET, "bob", call)) {
                assertThat(Nodes.joinAck(bob, call, Duration.ofSeconds(5)).getBoolean("ok"))
                        .isTrue();
                assertThat(Nodes.owner(redis, call)).isEqualTo("it-a:1");

                assertThat(alice.call("quality_report", QualityIT.report("bob", 100, 10, 0.1))
                                .getBoolean("ok"))
                        .isTrue();
                JSONObject proxied = bob.call("quality_report", QualityIT.report("alice", 0, 0, 0));
                assertThat(proxied.getBoolean("ok")).as(proxied.toString()).isTrue();

                for (ServerProcess node : List.of(b, a)) {
                    List<String> grades = new ArrayList<>();
                    ServerProcess.await(Duration.ofSeconds(20), "both participants' quality on " + node.url(), () -> {
                        Http.Response response = Http.get(
                                node.url() + "/api/calls/" + call + "/quality",
                                "Authorization",
                                "Bearer " + ServerProcess.API_KEY);
                        if (response.status() != 200) {
                            return false;
                        }
                        JSONArray participants = response.json().getJSONArray("participants");
                        grades.clear();
                        for (int i = 0; i < participants.length(); i++) {
                            JSONObject p = participants.getJSONObject(i);
                            grades.add(p.getString("userId") + " " + p.optString("grade", "-"));
                        }
                        grades.add("call " + response.json().optString("grade", "-"));
                        return participants.length() == 2;
                    });
                    // Alice: RTT 100 ms, jitter 10 ms, 10 % loss: R 66.2, MOS 3.41, poor; bob hears her perfectly.
                    assertThat(grades).containsExactlyInAnyOrder("alice poor", "bob excellent", "call poor");
                }
            }
        }
    }
}
