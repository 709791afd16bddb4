package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the other nodes say of Redis, asked over HTTP at their {@code /health}, each answer or failure kept apart. */
class PeerRedisCheckTest {
    private static String health(String redisStatus) {
        return "{\"status\":\"healthy\",\"node\":\"x\",\"redis\":{\"status\":\"" + redisStatus
                + "\",\"since\":1796119200}," + "\"degraded\":false,\"leases\":0}";
    }

    @Test
    void eachOtherNodeIsAskedOnceAndItsRedisStatusOrFailureIsKept() {
        try (PeerServer reaches = new PeerServer().answers(200, health("ok"));
                PeerServer down = new PeerServer().answers(200, health("unreachable"));
                PeerServer draining = new PeerServer().answers(503, health("ok"));
                PeerServer notOurs = new PeerServer().answers(200, "{\"status\":\"healthy\"}");
                PeerServer noSince = new PeerServer().answers(200, "{\"redis\":{\"status\":\"ok\"}}");
                PeerServer failing = new PeerServer().answers(500, health("ok"));
                PeerServer silent = new PeerServer().silent();
                PeerServer self = new PeerServer().answers(200, health("ok"))) {
            PeersOf peers = new PeersOf(
                    "node-a",
                    List.of(
                            self.peer("node-a"),
                            reaches.peer("node-b"),
                            down.peer("node-c"),
                            draining.peer("node-d"),
                            notOurs.peer("node-e"),
                            failing.peer("node-f"),
                            silent.peer("node-g"),
                            noSince.peer("node-h")),
                    Map.of());

            List<PeerRedisCheck.Answer> answers;
            long started = System.nanoTime();
            try (PeerRedisCheck check = new PeerRedisCheck(peers, Duration.ofMillis(500))) {
                answers = check.ask();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(answers)
                    .extracting(PeerRedisCheck.Answer::node)
                    .containsExactly("node-b", "node-c", "node-d", "node-e", "node-f", "node-g", "node-h");
            assertThat(answers)
                    .extracting(PeerRedisCheck.Answer::redisStatus)
                    .containsExactly(
                            Optional.of("ok"),
                            Optional.of("unreachable"),
                            Optional.of("ok"),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty());
            assertThat(answers.getFirst().since()).contains(Instant.ofEpochSecond(1796119200));
            assertThat(answers)
                    .extracting(PeerRedisCheck.Answer::reaches)
                    .containsExactly(true, false, true, false, false, false, false);
            assertThat(answers.get(3).why())
                    .isEqualTo("node 'node-e': redis.status: missing (expected: \"ok\","
                            + " \"unreachable\" or \"cut-off\")");
            assertThat(answers.get(4).why()).isEqualTo("node 'node-f': /health answered 500 (expected: 200 or 503)");
            assertThat(answers.get(5).why()).contains("node 'node-g'").contains("did not answer within 500 ms");
            assertThat(answers.get(6).why())
                    .isEqualTo("node 'node-h': redis.since: missing (expected: seconds since the epoch)");
            assertThat(took).as("asked at once, not one after another").isLessThan(Duration.ofSeconds(2));
            assertThat(self.received()).as("this node is not asked").isEmpty();
            assertThat(reaches.received()).singleElement().satisfies(r -> {
                assertThat(r.method()).isEqualTo("GET");
                assertThat(r.uri()).isEqualTo("/health");
            });
        }
    }

    @Test
    void aNodeThatCannotBeReachedIsNoAnswer() {
        PeersOf peers = new PeersOf(
                "node-a", List.of(new PeerNodes.Peer("node-b", URI.create("http://127.0.0.1:1"))), Map.of());
        try (PeerRedisCheck check = new PeerRedisCheck(peers, Duration.ofMillis(500))) {
            PeerRedisCheck.Answer answer = check.ask().getFirst();
            assertThat(answer.redisStatus()).isEmpty();
            assertThat(answer.reaches()).isFalse();
            assertThat(answer.why()).contains("node 'node-b' at http://127.0.0.1:1 could not be reached");
        }
    }
}
