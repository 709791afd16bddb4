package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.securevox.call.recording.RecordingId;
import com.securevox.call.recording.RecordingInfo;
import com.securevox.call.recording.RecordingStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which node answers for a recording's file: the node that made it, reached over real HTTP, unless the request was
 * forwarded already or the recording is this node's or of no known node. Its answer comes back with the headers that
 * describe a file, a 200 or 206 as a stream of the announced length; a recording node that is not live, unreachable
 * or answers what no node sends is {@code RECORDING_NODE_UNAVAILABLE} naming it.
 */
class RecordingForwardingTest {
    private static final RecordingId ID = RecordingId.random();
    private static final String PATH = "/api/recordings/" + ID + "/files/participant-1.webm";
    private final PeerServer other = new PeerServer();
    private final PeerClient client = new PeerClient("node-b");

    @AfterEach
    void close() {
        client.close();
        other.close();
    }

    private static RecordingInfo of(String node) {
        return new RecordingInfo(
                ID,
                "call-1",
                "alice",
                Instant.EPOCH,
                Instant.EPOCH,
                RecordingStatus.READY,
                false,
                null,
                List.of(),
                node);
    }

    private static ApiRequest get(Map<String, String> headers) {
        return new ApiRequest("GET", PATH, headers, new byte[0], "203.0.113.7");
    }

    private RecordingForwarding forwarding(List<PeerNodes.Peer> live) {
        return new RecordingForwarding(new PeersOf("node-b", live, Map.of()), client);
    }

    @Test
    void aFileOfAnotherNodeIsThatNodesAnswerWithTheRequestsRangeAndItsFileHeaders() throws Exception {
        other.answers(200, "0123456789");
        ApiRequest request = get(
                Map.of("authorization", "Bearer k", "range", "bytes=0-", "if-range", "\"v1\"", "cookie", "not sent"));

        ApiResponse answer = forwarding(List.of(other.peer("node-a")))
                .answer(request, of("node-a"))
                .orElseThrow();

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentLength()).isEqualTo(10);
        assertThat(answer.headers()).containsEntry("content-type", "application/json; charset=utf-8");
        assertThat(answer.headers()).doesNotContainKey("x-other");
        try (StreamBody body = answer.stream().orElseThrow()) {
            assertThat(new String(body.in().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("0123456789");
        }
        PeerServer.Received received = other.received().getFirst();
        assertThat(received.method()).isEqualTo("GET");
        assertThat(received.uri()).isEqualTo(PATH);
        assertThat(received.headers())
                .containsEntry("authorization", "Bearer k")
                .containsEntry("range", "bytes=0-")
                .containsEntry("if-range", "\"v1\"")
                .containsEntry(PeerClient.FORWARDED, "node-b")
                .doesNotContainKey("cookie");
    }

    @Test
    void aRefusalOfTheRecordingNodeComesBackAsItIs() {
        other.answers(416, "{\"error\":{\"code\":\"RANGE_NOT_SATISFIABLE\",\"message\":\"theirs\"}}");

        ApiResponse answer = forwarding(List.of(other.peer("node-a")))
                .answer(get(Map.of("authorization", "Bearer k")), of("node-a"))
                .orElseThrow();

        assertThat(answer.status()).isEqualTo(416);
        assertThat(answer.stream()).isEmpty();
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("theirs");
    }

    @Test
    void aForwardedRequestOrARecordingOfThisNodeOrOfNoKnownNodeIsAnsweredHere() {
        RecordingForwarding forwarding = forwarding(List.of(other.peer("node-a")));

        assertThat(forwarding.answer(get(Map.of(PeerClient.FORWARDED, "node-c")), of("node-a")))
                .isEmpty();
        assertThat(forwarding.answer(get(Map.of()), of("node-b"))).isEmpty();
        assertThat(forwarding.answer(get(Map.of()), of(null))).isEmpty();
        assertThat(other.received()).isEmpty();
    }

    @Test
    void aRecordingNodeThatIsNotLiveIsUnavailableNamingIt() {
        HttpApiException e = catchThrowableOfType(
                HttpApiException.class, () -> forwarding(List.of()).answer(get(Map.of()), of("node-a")));

        assertThat(e.error()).isEqualTo(HttpError.RECORDING_NODE_UNAVAILABLE);
        assertThat(e.getMessage())
                .isEqualTo("recording '" + ID + "': its files are on node 'node-a', which is not live (expected: that"
                        + " node running: a recording's files are on the disk of the node that made it)");
    }

    @Test
    void aRecordingNodeThatCannotBeReachedIsUnavailableNamingItAndItsUrl() throws Exception {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        PeerNodes.Peer gone = new PeerNodes.Peer("node-a", closed);

        HttpApiException e = catchThrowableOfType(
                HttpApiException.class, () -> forwarding(List.of(gone)).answer(get(Map.of()), of("node-a")));

        assertThat(e.error()).isEqualTo(HttpError.RECORDING_NODE_UNAVAILABLE);
        assertThat(e.getMessage())
                .startsWith("recording '" + ID + "': its files are on node 'node-a' at " + closed + " could not be"
                        + " reached")
                .endsWith("(expected: every node's SECUREVOX_CALL_NODE_URL reachable from the others)");
    }

    @Test
    void anAnswerThatNoNodeSendsIsUnavailable() {
        other.answers(404, "x".repeat(PeerClient.MAX_ERROR_BODY + 1));

        HttpApiException e =
                catchThrowableOfType(HttpApiException.class, () -> forwarding(List.of(other.peer("node-a")))
                        .answer(get(Map.of()), of("node-a")));

        assertThat(e.error()).isEqualTo(HttpError.RECORDING_NODE_UNAVAILABLE);
        assertThat(e.getMessage())
                .endsWith("answered 404 with a body over " + PeerClient.MAX_ERROR_BODY
                        + " bytes (expected: an API error)");
    }

    @Test
    void aRecordingNodeThatStopsSendingMidFileHasItsBodyClosedOnceItIsIdleForTooLong() throws Exception {
        other.stallsAfter(4).answers(200, "0123456789");
        Duration idle = Duration.ofMillis(400);
        ApiResponse answer = new RecordingForwarding(
                        new PeersOf("node-b", List.of(other.peer("node-a")), Map.of()), client, idle)
                .answer(get(Map.of("authorization", "Bearer k")), of("node-a"))
                .orElseThrow();

        assertThat(answer.contentLength()).isEqualTo(10);
        try (StreamBody body = answer.stream().orElseThrow()) {
            byte[] buffer = new byte[10];
            int first = 0;
            while (first < 4) {
                first += body.in().read(buffer, first, buffer.length - first);
            }
            assertThat(new String(buffer, 0, first, StandardCharsets.UTF_8)).isEqualTo("0123");
            long start = System.nanoTime();
            IOException stalled =
                    catchThrowableOfType(IOException.class, () -> body.in().read(buffer));
            Duration waited = Duration.ofNanos(System.nanoTime() - start);

            assertThat(stalled)
                    .hasMessage("node 'node-a' at " + other.url() + " sent nothing for 400 ms after 4 bytes of the"
                            + " body (expected: the rest of the file it announced)");
            assertThat(waited).isBetween(idle.minusMillis(50), Duration.ofSeconds(10));
            assertThat(catchThrowableOfType(IOException.class, () -> body.in().read(buffer)))
                    .as("the source closed, not only this read given up")
                    .isNotNull();
        }
    }

    @Test
    void aSlowButSteadyRecordingNodeIsNotCutOff() throws Exception {
        other.answers(200, "0123456789");
        ApiResponse answer = new RecordingForwarding(
                        new PeersOf("node-b", List.of(other.peer("node-a")), Map.of()), client, Duration.ofMillis(400))
                .answer(get(Map.of()), of("node-a"))
                .orElseThrow();
        try (StreamBody body = answer.stream().orElseThrow()) {
            assertThat(body.in().read()).isEqualTo('0');
            // The client taking its time between reads is not the node stalling: only waits for the node count.
            long until = System.nanoTime() + Duration.ofMillis(800).toNanos();
            for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
            assertThat(new String(body.in().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("123456789");
        }
    }
}
