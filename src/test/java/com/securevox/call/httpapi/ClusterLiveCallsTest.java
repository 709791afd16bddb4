package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's live calls over several nodes: every node's calls merged, each with the node serving it and a call
 * listed by two nodes shown once (with the node its lease names); a node that answers something else, or nothing in
 * time, listed as unreachable with why; the other nodes asked once per look interval whatever the number of lookers,
 * with the API key and the forwarded header.
 */
class ClusterLiveCallsTest {
    private static final Map<String, String> KEYED = Map.of("authorization", "Bearer cluster-live-key-0123456789");
    private static final String ANN = """
            {"sessionId": "room-a", "participants": ["ann", "al"], "media": "sfu", "e2ee": true, "startedAt": 900,
             "grade": "fair", "grades": {"ann": "fair"}, "audioMuted": ["al"], "videoMuted": [], "node": "node-a",
             "future": 1}""";
    private final ObjectMapper json = new ObjectMapper();
    private final PeerServer a = new PeerServer();
    private final PeerServer c = new PeerServer();
    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_000));
    private final PeerClient client = new PeerClient("node-b");

    @AfterEach
    void close() {
        a.close();
        c.close();
        client.close();
    }

    private ClusterLiveCalls cluster(PeersOf peers) {
        return new ClusterLiveCalls(peers, client, json, KEYED, clock, Duration.ofMillis(500));
    }

    private static LiveCalls.Call call(String sessionId, long startedAt, List<String> participants) {
        return new LiveCalls.Call(
                sessionId, participants, "mesh", false, startedAt, null, Map.of(), List.of(), List.of(), null);
    }

    private static LiveCalls.Calls local(LiveCalls.Call... calls) {
        return new LiveCalls.Calls(List.of(calls), 2, null);
    }

    @Test
    void everyNodesCallsWithTheNodeServingEachAndEachNodesPart() {
        a.answers(200, "{\"serverTime\": 5, \"node\": \"node-a\", \"calls\": [" + ANN + "], \"connectedUsers\": 3}");
        c.answers(401, "{\"error\":{\"code\":\"UNAUTHENTICATED\",\"message\":\"Authorization: missing or wrong\"}}");
        ClusterLiveCalls cluster = cluster(new PeersOf(
                "node-b",
                List.of(
                        a.peer("node-a"),
                        new PeerNodes.Peer("node-b", URI.create("http://10.0.0.2:8002")),
                        c.peer("node-c")),
                Map.of()));

        LiveCalls.Calls merged = cluster.merged(local(call("room-b", 1_000, List.of("bob"))));

        assertThat(merged.calls())
                .containsExactly(
                        new LiveCalls.Call(
                                "room-a",
                                List.of("ann", "al"),
                                "sfu",
                                true,
                                900,
                                "fair",
                                Map.of("ann", "fair"),
                                List.of("al"),
                                List.of(),
                                "node-a"),
                        call("room-b", 1_000, List.of("bob")).on("node-b"));
        assertThat(merged.connectedUsers()).isEqualTo(5);
        assertThat(merged.nodes())
                .containsExactly(
                        LiveCalls.NodePart.ok("node-a", 1),
                        LiveCalls.NodePart.ok("node-b", 1),
                        LiveCalls.NodePart.unreachable(
                                "node-c",
                                "answered 401 (expected: 200 with its live calls): "
                                        + "{\"error\":{\"code\":\"UNAUTHENTICATED\",\"message\":\"Authorization: missing"
                                        + " or wrong\"}}"));
        for (PeerServer node : List.of(a, c)) {
            assertThat(node.received()).singleElement().satisfies(r -> {
                assertThat(r.method() + " " + r.uri()).isEqualTo("GET /admin/api/calls");
                assertThat(r.headers())
                        .containsEntry("authorization", KEYED.get("authorization"))
                        .containsEntry(PeerClient.FORWARDED, "node-b")
                        .doesNotContainKey("cookie");
            });
        }
    }

    @Test
    void theOtherNodesAreAskedOncePerIntervalWhateverTheNumberOfLooks() {
        a.answers(200, "{\"calls\": [], \"connectedUsers\": 0}");
        ClusterLiveCalls cluster = cluster(new PeersOf("node-b", List.of(a.peer("node-a")), Map.of()));

        for (int i = 0; i < 5; i++) {
            cluster.merged(local());
        }
        assertThat(a.received()).hasSize(1);
        clock.advance(Duration.ofMillis(499));
        cluster.merged(local());
        assertThat(a.received()).hasSize(1);
        clock.advance(Duration.ofMillis(1));
        cluster.merged(local());
        assertThat(a.received()).hasSize(2);
    }

    @Test
    void aNodeThatAnswersNonsenseOrNothingInTimeIsListedUnreachableAndItsCallsMissing() {
        a.answers(200, "{\"calls\": [{\"sessionId\": \"room a\"}], \"connectedUsers\": 1}");
        c.silent();
        ClusterLiveCalls cluster =
                cluster(new PeersOf("node-b", List.of(a.peer("node-a"), c.peer("node-c")), Map.of()));

        long before = System.nanoTime();
        LiveCalls.Calls merged = cluster.merged(local(call("room-b", 1_000, List.of("bob"))));

        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(ClusterLiveCalls.TIMEOUT.plusSeconds(2));
        assertThat(merged.calls()).extracting(LiveCalls.Call::sessionId).containsExactly("room-b");
        assertThat(merged.connectedUsers()).isEqualTo(2);
        assertThat(merged.nodes())
                .containsExactly(
                        LiveCalls.NodePart.unreachable(
                                "node-a",
                                "calls[0].sessionId: 'room a' (expected: an id of 1 to 128 [A-Za-z0-9_.:@-])"),
                        LiveCalls.NodePart.ok("node-b", 1),
                        LiveCalls.NodePart.unreachable(
                                "node-c",
                                "node 'node-c' at " + c.url() + " did not answer within "
                                        + ClusterLiveCalls.TIMEOUT.toMillis() + " ms"));
    }

    @Test
    void aCallListedByTwoNodesIsShownOnceWithTheNodeItsLeaseNames() {
        a.answers(200, "{\"calls\": [" + ANN + "], \"connectedUsers\": 2}");
        PeersOf peers = new PeersOf(
                "node-b", List.of(a.peer("node-a")), Map.of("room-a", new PeerNodes.Elsewhere(a.peer("node-a"))));
        ClusterLiveCalls cluster = cluster(peers);

        LiveCalls.Calls merged =
                cluster.merged(local(call("room-a", 950, List.of("ann")), call("room-b", 1, List.of())));

        assertThat(merged.calls()).extracting(LiveCalls.Call::sessionId).containsExactly("room-b", "room-a");
        assertThat(merged.calls().get(1).node()).isEqualTo("node-a");
        assertThat(merged.calls().get(1).participants()).containsExactly("ann", "al");
        assertThat(peers.placed())
                .as("the lease store asked for the duplicate only")
                .isEqualTo(1);
    }

    @Test
    void aNodeAnswersAnotherWithItsOwnCallsAlone() {
        ClusterLiveCalls cluster = cluster(new PeersOf("node-b", List.of(a.peer("node-a")), Map.of()));

        LiveCalls.Calls own = cluster.own(local(call("room-b", 1_000, List.of("bob"))));

        assertThat(own.nodes()).isNull();
        assertThat(own.calls()).extracting(LiveCalls.Call::node).containsExactly("node-b");
        assertThat(a.received()).isEmpty();
    }
}
