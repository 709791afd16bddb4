package com.securevox.call.it;

import static com.securevox.call.it.Replies.assertOk;
import static com.securevox.call.it.TestClient.fresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Received;
import com.securevox.call.it.TestClient.Via;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** offer, answer and ice_candidate: shapes, addressing, ordering and volume. */
class RelayIT {
    static final Duration QUIET = Duration.ofMillis(500);
    static final Set<String> RELAYS = Set.of("offer", "answer", "ice_candidate");

    /** Default limits (50 events/s, bursts of 500). */
    static ServerProcess server;
    /** Limits raised far out of the way, for volume. */
    static ServerProcess unlimited;

    @BeforeAll
    static void start() {
        server = ServerProcess.start();
        unlimited = ServerProcess.start(
                Map.of("SECUREVOX_CALL_EVENT_RATE", "10000", "SECUREVOX_CALL_EVENT_BURST", "10000"));
    }

    @AfterAll
    static void stop() {
        ServerProcess.close(server, unlimited);
    }

    /** Alice and Bob in a fresh call, each told of the other. */
    record Pair(String call, String alice, String bob, TestClient a, TestClient b) implements AutoCloseable {
        static Pair join(ServerProcess server, Via via) {
            String call = fresh("call");
            String alice = fresh("alice");
            String bob = fresh("bob");
            TestClient a = TestClient.joined(server, via, alice, call);
            TestClient b = TestClient.joined(server, via, bob, call);
            a.await("participant_joined");
            return new Pair(call, alice, bob, a, b);
        }

        @Override
        public void close() {
            a.close();
            b.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void offerAndAnswerAreRelayedWithFromAndSessionId(Via via) {
        try (Pair p = Pair.join(server, via)) {
            JSONObject offerSdp =
                    new JSONObject().put("type", "offer").put("sdp", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n");
            // Unknown fields (some apps send their own sessionId) are ignored.
            assertOk(p.a.call(
                    "offer",
                    new JSONObject().put("to", p.bob).put("sdp", offerSdp).put("sessionId", p.call)));
            JSONObject offer = p.b.await("offer").json();
            assertThat(offer.keySet()).containsExactlyInAnyOrder("sessionId", "from", "sdp");
            assertThat(offer.getString("sessionId")).isEqualTo(p.call);
            assertThat(offer.getString("from")).isEqualTo(p.alice);
            assertThat(offer.getJSONObject("sdp").similar(offerSdp))
                    .as(offer.toString())
                    .isTrue();

            JSONObject answerSdp =
                    new JSONObject().put("type", "answer").put("sdp", "v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\n");
            assertOk(p.b.call("answer", new JSONObject().put("to", p.alice).put("sdp", answerSdp)));
            JSONObject answer = p.a.await("answer").json();
            assertThat(answer.getString("sessionId")).isEqualTo(p.call);
            assertThat(answer.getString("from")).isEqualTo(p.bob);
            assertThat(answer.getJSONObject("sdp").similar(answerSdp))
                    .as(answer.toString())
                    .isTrue();

            p.a.assertNothing(QUIET, "offer");
            p.b.assertNothing(Duration.ZERO, "answer");
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void bareStringSdpIsRelayedAsAnObject(Via via) {
        try (Pair p = Pair.join(server, via)) {
            assertOk(p.a.call("offer", new JSONObject().put("to", p.bob).put("sdp", "v=0\r\nbare offer\r\n")));
            JSONObject offer = p.b.await("offer").json();
            assertThat(offer.getString("from")).isEqualTo(p.alice);
            assertThat(offer.get("sdp")).as(offer.toString()).isInstanceOf(JSONObject.class);
            assertThat(offer.getJSONObject("sdp")
                            .similar(new JSONObject().put("type", "offer").put("sdp", "v=0\r\nbare offer\r\n")))
                    .as(offer.toString())
                    .isTrue();

            assertOk(p.b.call("answer", new JSONObject().put("to", p.alice).put("sdp", "v=0\r\nbare answer\r\n")));
            JSONObject answer = p.a.await("answer").json();
            assertThat(answer.get("sdp")).as(answer.toString()).isInstanceOf(JSONObject.class);
            assertThat(answer.getJSONObject("sdp")
                            .similar(new JSONObject().put("type", "answer").put("sdp", "v=0\r\nbare answer\r\n")))
                    .as(answer.toString())
                    .isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void iceCandidatesAreRelayedExactlyAndNullMeansEndOfCandidates(Via via) {
        try (Pair p = Pair.join(server, via)) {
            JSONObject full = new JSONObject()
                    .put("candidate", "candidate:1 1 udp 2122260223 192.0.2.10 54321 typ host")
                    .put("sdpMid", "0")
                    .put("sdpMLineIndex", 0)
                    .put("usernameFragment", "F7gI");
            JSONObject minimal = new JSONObject()
                    .put("candidate", "candidate:2 1 tcp 1518280447 192.0.2.10 9 typ host tcptype active")
                    .put("sdpMid", "1")
                    .put("sdpMLineIndex", 1);
            assertOk(p.a.call("ice_candidate", new JSONObject().put("to", p.bob).put("candidate", full)));
            assertOk(p.a.call("ice_candidate", new JSONObject().put("to", p.bob).put("candidate", minimal)));
            assertOk(p.a.call("ice_candidate", new JSONObject().put("to", p.bob).put("candidate", JSONObject.NULL)));

            List<Received> got = p.b.await("ice_candidate", 3, TestClient.WAIT);
            for (Received r : got) {
                assertThat(r.json().keySet()).containsExactlyInAnyOrder("sessionId", "from", "candidate");
                assertThat(r.json().getString("sessionId")).isEqualTo(p.call);
                assertThat(r.json().getString("from")).isEqualTo(p.alice);
            }
            assertThat(got.get(0).json().getJSONObject("candidate").similar(full))
                    .as(got.get(0).toString())
                    .isTrue();
            assertThat(got.get(1).json().getJSONObject("candidate").similar(minimal))
                    .as(got.get(1).toString())
                    .isTrue();
            assertThat(got.get(2).json().get("candidate")).isEqualTo(JSONObject.NULL);

            assertOk(p.b.call(
                    "ice_candidate", new JSONObject().put("to", p.alice).put("candidate", full)));
            JSONObject back = p.a.await("ice_candidate").json();
            assertThat(back.getString("from")).isEqualTo(p.bob);
            assertThat(back.getJSONObject("candidate").similar(full)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void relaysGoOnlyToTheNamedParticipant(Via via) {
        try (Pair p = Pair.join(server, via);
                TestClient c = TestClient.joined(server, via, fresh("carol"), p.call)) {
            p.a.await("participant_joined");
            p.b.await("participant_joined");
            assertOk(p.a.call("offer", new JSONObject().put("to", p.bob).put("sdp", "v=0")));
            assertOk(p.a.call("ice_candidate", new JSONObject().put("to", p.bob).put("candidate", JSONObject.NULL)));
            assertOk(p.b.call("answer", new JSONObject().put("to", p.alice).put("sdp", "v=0")));
            p.b.await("offer");
            p.b.await("ice_candidate");
            p.a.await("answer");
            c.assertNothing(QUIET, "offer", "answer", "ice_candidate");
            p.a.assertNothing(Duration.ZERO, "offer", "ice_candidate");
            p.b.assertNothing(Duration.ZERO, "answer");
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void aBurstOf300IceCandidatesPassesWithTheDefaultLimits(Via via) {
        int count = 300;
        try (Pair p = Pair.join(server, via)) {
            for (int i = 0; i < count; i++) {
                p.a.emit("ice_candidate", new JSONObject().put("to", p.bob).put("candidate", candidate(i)));
            }
            List<Received> got = p.b.await("ice_candidate", count, Duration.ofSeconds(10));
            for (int i = 0; i < count; i++) {
                assertThat(got.get(i).json().getJSONObject("candidate").getString("candidate"))
                        .isEqualTo(candidate(i).getString("candidate"));
            }
            assertThat(p.a.all("call_error")).as("refusals").isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void aThousandMessagesEachWayArriveInOrder(Via via) {
        int count = 1000;
        try (Pair p = Pair.join(unlimited, via)) {
            Thread other = Thread.ofPlatform().start(() -> sendMixed(p.b, p.alice, count));
            sendMixed(p.a, p.bob, count);
            join(other);
            assertInOrder(p.b.await("ice_candidate", count - 2 * (count / 10), Duration.ofSeconds(20)), p.b, count);
            assertInOrder(p.a.await("ice_candidate", count - 2 * (count / 10), Duration.ofSeconds(20)), p.a, count);
            assertThat(p.a.all("call_error")).isEmpty();
            assertThat(p.b.all("call_error")).isEmpty();
        }
    }

    /** Every 10th message an offer, every 10th + 5 an answer, the rest ICE candidates; numbered. */
    static void sendMixed(TestClient from, String to, int count) {
        for (int i = 0; i < count; i++) {
            if (i % 10 == 0) {
                from.emit("offer", new JSONObject().put("to", to).put("sdp", "seq " + i));
            } else if (i % 10 == 5) {
                from.emit("answer", new JSONObject().put("to", to).put("sdp", "seq " + i));
            } else {
                from.emit("ice_candidate", new JSONObject().put("to", to).put("candidate", candidate(i)));
            }
        }
    }

    /** Once the last candidates are in, the whole relay log must read 0..count-1. */
    static void assertInOrder(List<Received> candidates, TestClient receiver, int count) {
        assertThat(candidates).isNotEmpty();
        List<Integer> sequence = receiver.log().stream()
                .filter(r -> RELAYS.contains(r.event()))
                .map(r -> r.event().equals("ice_candidate")
                        ? seq(r.json().getJSONObject("candidate").getString("candidate"))
                        : seq(r.json().getJSONObject("sdp").getString("sdp")))
                .toList();
        assertThat(sequence).hasSize(count);
        for (int i = 0; i < count; i++) {
            if (sequence.get(i) != i) {
                throw new AssertionError("message " + i + " arrived as number " + sequence.get(i) + " of " + count);
            }
        }
    }

    static JSONObject candidate(int i) {
        return new JSONObject()
                .put(
                        "candidate",
                        "candidate:" + i + " 1 udp 2122260223 192.0.2.10 " + (10000 + i) + " typ host seq " + i)
                .put("sdpMid", "0")
                .put("sdpMLineIndex", 0);
    }

    static int seq(String text) {
        return Integer.parseInt(text.substring(text.lastIndexOf(' ') + 1));
    }

    static void join(Thread thread) {
        try {
            if (!thread.join(Duration.ofSeconds(30))) {
                throw new AssertionError("sender still running");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
