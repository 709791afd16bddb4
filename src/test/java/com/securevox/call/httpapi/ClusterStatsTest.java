package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.call.CallSnapshot;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/call/stats} with other nodes: their numbers added to this node's, each node's part listed, and a node
 * that answers something else than its numbers, or nothing in time, listed as unreachable; a forwarded request is
 * answered with this node's numbers alone. One node answers as it always did.
 */
class ClusterStatsTest {
    private static final String KEY = "cluster-stats-key-0123456789";
    private static final Map<String, String> WITH_KEY = Map.of("authorization", "Bearer " + KEY);
    private final ObjectMapper json = new ObjectMapper();
    private final PeerServer a = new PeerServer();
    private final PeerServer c = new PeerServer();

    @AfterEach
    void close() {
        a.close();
        c.close();
    }

    /** One call with alice and bob, started at second 1000, on the node under test. */
    private static final class OneCall implements StatsSource {
        @Override
        public List<CallSnapshot> activeCalls() {
            return List.of(new CallSnapshot("room-b", List.of("alice", "bob"), Instant.ofEpochSecond(1000), false));
        }

        @Override
        public int activeCallCount() {
            return 1;
        }

        @Override
        public int connectedUsers() {
            return 2;
        }

        @Override
        public int connections() {
            return 2;
        }

        @Override
        public String mediaOf(String sessionId) {
            return "mesh";
        }
    }

    private JsonNode stats(HttpApi api, Map<String, String> headers) throws Exception {
        ApiResponse response = api.handle(new ApiRequest("GET", "/api/call/stats", headers, new byte[0], "x"));
        assertThat(response.status()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpApi api(List<PeerNodes.Peer> live) {
        return TestHttpApi.with(KEY)
                .stats(new OneCall())
                .peers(new PeersOf("node-b", live, Map.of()))
                .build();
    }

    @Test
    void everyNodesNumbersAddUpWithEachNodesPart() throws Exception {
        a.answers(200, """
                {"activeCalls": [{"sessionId": "room-a", "participants": ["carol"], "participantCount": 1,
                  "startedAt": 900, "durationSeconds": 5, "media": "sfu", "e2ee": true, "node": "node-a",
                  "future": {"field": 1}}],
                 "totalActiveCalls": 1, "connectedUsers": 4, "node": "node-a"}""");
        c.answers(401, "{\"error\":{\"code\":\"UNAUTHENTICATED\",\"message\":\"Authorization: wrong API key\"}}");
        HttpApi api = api(List.of(
                a.peer("node-a"), new PeerNodes.Peer("node-b", URI.create("http://10.0.0.2:8002")), c.peer("node-c")));
        try {
            JsonNode stats = stats(api, WITH_KEY);

            assertThat(stats.get("totalActiveCalls").asInt()).isEqualTo(2);
            assertThat(stats.get("connectedUsers").asInt()).isEqualTo(6);
            assertThat(stats.get("node").asText()).isEqualTo("node-b");
            assertThat(stats.get("activeCalls").findValuesAsText("sessionId")).containsExactly("room-a", "room-b");
            assertThat(stats.get("activeCalls").findValuesAsText("node")).containsExactly("node-a", "node-b");
            assertThat(stats.get("activeCalls").get(0).has("future")).isFalse();
            assertThat(stats.get("nodes").get(0).toString())
                    .isEqualTo("{\"id\":\"node-a\",\"url\":\"" + a.url()
                            + "\",\"status\":\"ok\",\"activeCalls\":1,\"connectedUsers\":4}");
            assertThat(stats.get("nodes").get(1).toString())
                    .isEqualTo("{\"id\":\"node-b\",\"url\":\"http://10.0.0.2:8002\",\"status\":\"ok\","
                            + "\"activeCalls\":1,\"connectedUsers\":2}");
            assertThat(stats.get("nodes").get(2).get("status").asText()).isEqualTo("unreachable");
            assertThat(stats.get("nodes").get(2).get("error").asText())
                    .startsWith("answered 401 (expected: 200 with its stats): {\"error\"");
            assertThat(stats.get("nodes").get(2).has("activeCalls")).isFalse();
            // Each was asked once, for its own numbers, with the caller's key.
            for (PeerServer node : List.of(a, c)) {
                assertThat(node.received()).singleElement().satisfies(r -> {
                    assertThat(r.method() + " " + r.uri()).isEqualTo("GET /api/call/stats");
                    assertThat(r.headers())
                            .containsEntry("authorization", "Bearer " + KEY)
                            .containsEntry(PeerClient.FORWARDED, "node-b");
                });
            }
        } finally {
            api.close();
        }
    }

    @Test
    void aNodeThatAnswersNonsenseOrNothingInTimeIsListedUnreachable() throws Exception {
        a.answers(200, "{\"activeCalls\": [{\"sessionId\": \"room a\"}], \"connectedUsers\": 1}");
        c.silent();
        HttpApi api = api(List.of(a.peer("node-a"), c.peer("node-c")));
        try {
            JsonNode stats = stats(api, WITH_KEY);

            assertThat(stats.get("totalActiveCalls").asInt()).isEqualTo(1);
            assertThat(stats.get("connectedUsers").asInt()).isEqualTo(2);
            assertThat(stats.get("nodes").findValuesAsText("id")).containsExactly("node-a", "node-b", "node-c");
            assertThat(stats.get("nodes").findValuesAsText("status"))
                    .containsExactly("unreachable", "ok", "unreachable");
            assertThat(stats.get("nodes").get(0).get("error").asText())
                    .isEqualTo("activeCalls[0].sessionId: 'room a' (expected: an id of 1 to 128 [A-Za-z0-9_.:@-])");
            assertThat(stats.get("nodes").get(2).get("error").asText())
                    .isEqualTo("node 'node-c' at " + c.url() + " did not answer within "
                            + ClusterStats.TIMEOUT.toMillis() + " ms");
            // This node before it announced itself: listed without its URL.
            assertThat(stats.get("nodes").get(1).has("url")).isFalse();
        } finally {
            api.close();
        }
    }

    @Test
    void aForwardedRequestIsAnsweredWithThisNodesNumbersAlone() throws Exception {
        HttpApi api = api(List.of(a.peer("node-a")));
        try {
            Map<String, String> forwarded = Map.of("authorization", "Bearer " + KEY, PeerClient.FORWARDED, "node-a");
            JsonNode stats = stats(api, forwarded);

            assertThat(stats.toString())
                    .isEqualTo("{\"activeCalls\":[{\"sessionId\":\"room-b\",\"participants\":[\"alice\",\"bob\"],"
                            + "\"participantCount\":2,\"startedAt\":1000,\"durationSeconds\":"
                            + stats.get("activeCalls").get(0).get("durationSeconds")
                            + ",\"media\":\"mesh\",\"e2ee\":false,\"node\":\"node-b\"}],\"totalActiveCalls\":1,"
                            + "\"connectedUsers\":2,\"node\":\"node-b\"}");
            assertThat(a.received()).isEmpty();
        } finally {
            api.close();
        }
    }

    @Test
    void oneNodeAnswersAsItAlwaysDid() throws Exception {
        HttpApi api = TestHttpApi.with(KEY).stats(new OneCall()).build();
        JsonNode stats = stats(api, WITH_KEY);

        assertThat(stats.properties().stream().map(Map.Entry::getKey))
                .containsExactly("activeCalls", "totalActiveCalls", "connectedUsers");
        assertThat(stats.get("activeCalls").get(0).has("node")).isFalse();
        assertThat(new String(json.writeValueAsBytes(stats), StandardCharsets.UTF_8))
                .doesNotContain("nodes");
    }
}
