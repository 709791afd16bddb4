package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.call.CallSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard with other nodes, through the whole API: another node reads this node's own calls only with the API
 * key and the forwarded header (not with the admin password, not with the key alone); a host control on a call
 * another node serves goes there with the API key (never the operator's cookie) and its answer comes back as it is; a
 * call held by a node that is not live is {@code 503}.
 */
class AdminPeersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "admin-peers-test-api-key-0123";
    private static final String PASSWORD = "admin-peers-test-password-0123";
    private static final String HOST = "calls.example.com";
    private static final String ORIGIN = "https://" + HOST;
    private static final Pattern COOKIE = Pattern.compile("securevox_admin=([A-Za-z0-9_-]+)");

    private final PeerServer a = new PeerServer();
    private final AdminRoutesTest.LiveStats stats = new AdminRoutesTest.LiveStats();
    private final HttpApi api = TestHttpApi.with(KEY)
            .stats(stats)
            .peers(new PeersOf(
                    "node-b",
                    List.of(a.peer("node-a")),
                    Map.of(
                            "room-a", new PeerNodes.Elsewhere(a.peer("node-a")),
                            "room-gone", new PeerNodes.Gone("node-c"))))
            .admin(new AdminAccess(Optional.of(PASSWORD), false, LiveQuality.NONE, Optional.of(KEY)))
            .build();

    @AfterEach
    void close() {
        api.close();
        a.close();
    }

    @Test
    void anotherNodeReadsThisNodesOwnCallsOnlyWithTheApiKeyAndTheForwardedHeader() throws IOException {
        stats.calls.add(new CallSnapshot(
                "room-b", List.of("ann", "bob"), Instant.ofEpochSecond(10), false, Set.of("bob"), Set.of()));

        ApiResponse own = api.handle(request(
                "GET",
                "/admin/api/calls",
                Map.of("authorization", "Bearer " + KEY, PeerClient.FORWARDED, "node-a"),
                ""));
        assertThat(own.status()).isEqualTo(200);
        JsonNode body = JSON.readTree(own.body());
        assertThat(body.has("nodes")).isFalse();
        assertThat(body.path("node").asText()).isEqualTo("node-b");
        assertThat(body.path("calls").path(0).path("node").asText()).isEqualTo("node-b");
        assertThat(body.path("calls").path(0).path("audioMuted").toString()).isEqualTo("[\"bob\"]");
        assertThat(a.received()).as("never asks further: no loops").isEmpty();

        for (Map<String, String> headers : List.of(
                Map.of("authorization", "Bearer " + PASSWORD, PeerClient.FORWARDED, "node-a"),
                Map.of("authorization", "Bearer wrong", PeerClient.FORWARDED, "node-a"),
                Map.of(PeerClient.FORWARDED, "node-a"),
                Map.of("authorization", "Bearer " + KEY))) {
            ApiResponse refused = api.handle(request("GET", "/admin/api/calls", headers, ""));
            assertThat(refused.status()).as("%s", headers.keySet()).isEqualTo(401);
        }
    }

    @Test
    void aHostControlOnACallAnotherNodeServesGoesThereWithTheKeyAndItsAnswerComesBack() throws IOException {
        a.answers(404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"userId: 'bob' (expected: a participant)\"}}");
        String cookie = signedIn();

        ApiResponse answer = api.handle(request(
                "POST",
                "/admin/api/calls/room-a/participants/bob/mute",
                Map.of("cookie", cookie, "origin", ORIGIN, "content-type", "application/json"),
                "{\"kind\": \"audio\"}"));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(JSON.readTree(answer.body()).path("error").path("message").asText())
                .isEqualTo("userId: 'bob' (expected: a participant)");
        assertThat(a.received()).singleElement().satisfies(r -> {
            assertThat(r.method() + " " + r.uri()).isEqualTo("POST /api/calls/room-a/participants/bob/mute");
            assertThat(r.body()).isEqualTo("{\"kind\": \"audio\"}");
            assertThat(r.headers())
                    .containsEntry("authorization", "Bearer " + KEY)
                    .containsEntry("content-type", "application/json")
                    .containsEntry(PeerClient.FORWARDED, "node-b")
                    .doesNotContainKey("cookie");
        });

        ApiResponse forged = api.handle(request(
                "POST", "/admin/api/calls/room-a/end", Map.of("cookie", cookie, "origin", "https://x.example"), ""));
        assertThat(forged.status())
                .as("the dashboard's own rule before any forwarding")
                .isEqualTo(403);
        assertThat(a.received()).hasSize(1);

        ApiResponse gone = api.handle(
                request("POST", "/admin/api/calls/room-gone/end", Map.of("cookie", cookie, "origin", ORIGIN), ""));
        assertThat(gone.status()).isEqualTo(503);
        assertThat(JSON.readTree(gone.body()).path("error").path("message").asText())
                .startsWith("call 'room-gone': served by node 'node-c', which is not live");
    }

    private String signedIn() {
        ApiResponse response = api.handle(
                request("POST", "/admin/api/session", Map.of("origin", ORIGIN), "{\"secret\": \"" + PASSWORD + "\"}"));
        Matcher matcher = COOKIE.matcher(response.headers().get("set-cookie"));
        assertThat(matcher.find()).isTrue();
        return matcher.group();
    }

    private static ApiRequest request(String method, String path, Map<String, String> headers, String body) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("host", HOST);
        return new ApiRequest(method, path, all, body.getBytes(StandardCharsets.UTF_8), "203.0.113.5");
    }
}
