package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which node answers a route on a call in progress: the one serving it, reached over real HTTP, unless the request
 * was forwarded already, names no valid call, or finds the call here or nowhere; a serving node that is gone, silent
 * or unreachable is {@code UNAVAILABLE} naming it. Credentials are checked before anything is forwarded.
 */
class CallForwardingTest {
    private static final String KEY = "forwarding-test-key-0123456789";
    private final PeerServer other = new PeerServer();
    private final PeerClient client = new PeerClient("node-b");

    @AfterEach
    void close() {
        client.close();
        other.close();
    }

    private static ApiRequest post(String path, String body, Map<String, String> headers) {
        return new ApiRequest(
                "POST",
                path,
                headers,
                body.getBytes(StandardCharsets.UTF_8),
                "203.0.113.7",
                Map.of("reason", List.of("a b&c")));
    }

    private CallForwarding forwarding(Map<String, PeerNodes.Placement> placements) {
        return new CallForwarding(new PeersOf("node-b", List.of(), placements), client);
    }

    @Test
    void aCallServedElsewhereIsAnsweredByThatNodeAsItAnswers() {
        other.answers(404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"theirs\"}}");
        ApiRequest request = post(
                "/api/calls/room-1/participants/bob/mute",
                "{\"kind\":\"audio\"}",
                Map.of("authorization", "Bearer " + KEY, "content-type", "application/json", "cookie", "no"));

        ApiResponse answer = forwarding(Map.of("room-1", new PeerNodes.Elsewhere(other.peer("node-a"))))
                .answer(request, "room-1", Duration.ofSeconds(5))
                .orElseThrow();

        assertThat(answer.status()).isEqualTo(404);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("theirs");
        assertThat(answer.headers()).containsEntry("content-type", "application/json; charset=utf-8");
        assertThat(answer.headers()).doesNotContainKey("x-other");
        PeerServer.Received received = other.received().getFirst();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.uri()).isEqualTo("/api/calls/room-1/participants/bob/mute?reason=a+b%26c");
        assertThat(received.body()).isEqualTo("{\"kind\":\"audio\"}");
        assertThat(received.headers())
                .containsEntry("authorization", "Bearer " + KEY)
                .containsEntry("content-type", "application/json")
                .containsEntry(PeerClient.FORWARDED, "node-b")
                .doesNotContainKey("cookie");
    }

    @Test
    void aForwardedRequestIsAnsweredHereAndItsCallNotEvenLookedUp() {
        PeersOf peers = new PeersOf("node-b", List.of(), Map.of("room-1", new PeerNodes.Elsewhere(other.peer("a"))));
        ApiRequest request = post("/api/calls/room-1/end", "", Map.of(PeerClient.FORWARDED, "node-a"));

        assertThat(new CallForwarding(peers, client).answer(request, "room-1", Duration.ofSeconds(5)))
                .isEmpty();
        assertThat(peers.placed()).isZero();
        assertThat(other.received()).isEmpty();
    }

    @Test
    void aCallHereOrNowhereOrAnInvalidIdIsAnsweredHere() {
        PeersOf peers = new PeersOf("node-b", List.of(), Map.of());
        CallForwarding forwarding = new CallForwarding(peers, client);

        assertThat(forwarding.answer(post("/api/calls/room-1/end", "", Map.of()), "room-1", Duration.ofSeconds(5)))
                .isEmpty();
        assertThat(forwarding.answer(post("/api/calls/a b/end", "", Map.of()), "a b", Duration.ofSeconds(5)))
                .isEmpty();
        assertThat(peers.placed()).isEqualTo(1);
    }

    @Test
    void aNodeThatDoesNotAnswerInTimeIsUnavailableNamingIt() {
        other.silent();
        CallForwarding forwarding = forwarding(Map.of("room-1", new PeerNodes.Elsewhere(other.peer("node-a"))));

        HttpApiException e = catchThrowableOfType(
                HttpApiException.class,
                () -> forwarding.answer(post("/api/calls/room-1/end", "", Map.of()), "room-1", Duration.ofMillis(300)));

        assertThat(e.error()).isEqualTo(HttpError.UNAVAILABLE);
        assertThat(e.getMessage())
                .isEqualTo("call 'room-1': served by node 'node-a' at " + other.url()
                        + " did not answer within 300 ms (expected: every node's SECUREVOX_CALL_NODE_URL reachable"
                        + " from the others)");
    }

    @Test
    void aNodeThatCannotBeReachedIsUnavailableNamingIt() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PeerNodes.Peer gone = new PeerNodes.Peer("node-a", URI.create("http://127.0.0.1:" + closedPort));
        CallForwarding forwarding = forwarding(Map.of("room-1", new PeerNodes.Elsewhere(gone)));

        HttpApiException e = catchThrowableOfType(
                HttpApiException.class,
                () -> forwarding.answer(post("/api/calls/room-1/end", "", Map.of()), "room-1", Duration.ofSeconds(5)));

        assertThat(e.error()).isEqualTo(HttpError.UNAVAILABLE);
        assertThat(e.getMessage())
                .startsWith("call 'room-1': served by node 'node-a' at http://127.0.0.1:" + closedPort
                        + " could not be reached");
    }

    @Test
    void aCallOfADeadNodeOrOfNobodyKnownIsUnavailableSayingWhich() {
        CallForwarding forwarding = forwarding(Map.of(
                "room-1", new PeerNodes.Gone("node-a"), "room-2", new PeerNodes.Unknown("redis: connection refused")));

        HttpApiException dead = catchThrowableOfType(
                HttpApiException.class,
                () -> forwarding.answer(post("/api/calls/room-1/end", "", Map.of()), "room-1", Duration.ofSeconds(5)));
        HttpApiException unknown = catchThrowableOfType(
                HttpApiException.class,
                () -> forwarding.answer(post("/api/calls/room-2/end", "", Map.of()), "room-2", Duration.ofSeconds(5)));

        assertThat(dead.error()).isEqualTo(HttpError.UNAVAILABLE);
        assertThat(dead.getMessage()).startsWith("call 'room-1': served by node 'node-a', which is not live");
        assertThat(unknown.error()).isEqualTo(HttpError.UNAVAILABLE);
        assertThat(unknown.getMessage())
                .isEqualTo("call 'room-2': which node serves it is unknown: redis: connection refused");
    }

    @Test
    void theApiChecksTheKeyBeforeForwardingAndForwardsHostControlsAndRecordings() {
        other.answers(200, "{\"sessionId\":\"room-1\",\"reason\":\"ended_by_host\"}");
        HttpApi api = TestHttpApi.with(KEY)
                .peers(new PeersOf("node-b", List.of(), Map.of("room-1", new PeerNodes.Elsewhere(other.peer("a")))))
                .build();
        try {
            ApiResponse refused = api.handle(post("/api/calls/room-1/end", "", Map.of("authorization", "Bearer x")));
            assertThat(refused.status()).isEqualTo(401);
            assertThat(other.received()).isEmpty();

            Map<String, String> key = Map.of("authorization", "Bearer " + KEY);
            ApiResponse ended = api.handle(post("/api/calls/room-1/end", "", key));
            assertThat(ended.status()).isEqualTo(200);
            assertThat(new String(ended.body(), StandardCharsets.UTF_8)).contains("ended_by_host");
            api.handle(post("/api/calls/room-1/recording", "", key));
            api.handle(new ApiRequest("DELETE", "/api/calls/room-1/recording", key, new byte[0], "203.0.113.7"));
            assertThat(other.received())
                    .extracting(r -> r.method() + " " + r.uri().replaceFirst("\\?.*", ""))
                    .containsExactly(
                            "POST /api/calls/room-1/end",
                            "POST /api/calls/room-1/recording",
                            "DELETE /api/calls/room-1/recording");
            // Another call is not forwarded: this node answers as a single node does.
            assertThat(api.handle(post("/api/calls/room-9/end", "", key)).status())
                    .isEqualTo(404);
            assertThat(other.received()).hasSize(3);
        } finally {
            api.close();
        }
    }

    @Test
    void pathsAreEscapedAgainOnTheWayOut() {
        assertThat(PeerClient.encodePath("/api/calls/a:b@c.d_e-f~/end")).isEqualTo("/api/calls/a:b@c.d_e-f~/end");
        assertThat(PeerClient.encodePath("/api/calls/a b?é#/end")).isEqualTo("/api/calls/a%20b%3F%C3%A9%23/end");
        assertThat(PeerClient.target(
                        URI.create("http://10.0.0.5:8002/"),
                        new ApiRequest("GET", "/api/call/stats", Map.of(), new byte[0], "x", Map.of())))
                .isEqualTo(URI.create("http://10.0.0.5:8002/api/call/stats"));
        assertThat(Optional.of(PeerClient.FORWARDED)).contains("x-securevox-forwarded-by");
    }
}
