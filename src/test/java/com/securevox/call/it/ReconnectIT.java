package com.securevox.call.it;

import static com.securevox.call.it.Replies.assertFailure;
import static com.securevox.call.it.Replies.assertOk;
import static com.securevox.call.it.TestClient.fresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Received;
import com.securevox.call.it.TestClient.Via;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The reconnect grace (come back in time, stay away, 0 s) and replacing a socket. */
class ReconnectIT {
    static final Duration LONG_GRACE = Duration.ofSeconds(3);
    static final Duration SHORT_GRACE = Duration.ofSeconds(1);

    /** Grace 3 s: time enough to come back. */
    static ServerProcess patient;
    /** Grace 1 s: staying away is over quickly. */
    static ServerProcess brief;
    /** Grace 0 s. */
    static ServerProcess none;

    @BeforeAll
    static void start() {
        patient = ServerProcess.start(Map.of("SECUREVOX_CALL_RECONNECT_GRACE", "3s"));
        brief = ServerProcess.start(Map.of("SECUREVOX_CALL_RECONNECT_GRACE", "1s"));
        none = ServerProcess.start(Map.of("SECUREVOX_CALL_RECONNECT_GRACE", "0s"));
    }

    @AfterAll
    static void stop() {
        ServerProcess.close(patient, brief, none);
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void comingBackWithinTheGraceIsInvisibleAndHeldMessagesFollowCallJoined(Via via) {
        String call = fresh("call");
        String alice = fresh("alice");
        String bob = fresh("bob");
        JSONObject meta = new JSONObject().put("name", "Bob");
        try (TestClient a = TestClient.joined(patient, via, alice, call)) {
            TestClient b = TestClient.authenticated(patient, via, bob, call);
            JSONObject first = b.join(new JSONObject().put("sessionId", call).put("metadata", meta));
            long joinedAt = first.getJSONObject("self").getLong("joinedAt");
            assertOk(b.call("mute_audio", new JSONObject().put("muted", true)));
            a.await("participant_joined");
            a.await("participant_updated");

            // Bob's socket goes away.
            b.close();
            long dropped = System.nanoTime();
            awaitConnections(patient, 1);

            // Meanwhile Alice signals to him: accepted and held.
            assertOk(a.call("offer", new JSONObject().put("to", bob).put("sdp", "v=0 held 0")));
            for (int i = 1; i <= 3; i++) {
                assertOk(a.call(
                        "ice_candidate", new JSONObject().put("to", bob).put("candidate", RelayIT.candidate(i))));
            }
            assertOk(a.call("ice_candidate", new JSONObject().put("to", bob).put("candidate", JSONObject.NULL)));

            // He is back in time, from a new socket, asking for other flags (ignored on a rejoin).
            try (TestClient back = TestClient.authenticated(patient, via, bob, call)) {
                JSONObject ack = back.join(new JSONObject()
                        .put("sessionId", call)
                        .put("audioMuted", false)
                        .put("metadata", new JSONObject().put("name", "Someone else")));
                JSONObject self = ack.getJSONObject("self");
                assertThat(self.getLong("joinedAt")).as("joinedAt unchanged").isEqualTo(joinedAt);
                assertThat(self.getBoolean("audioMuted")).as("mute state kept").isTrue();
                assertThat(self.getJSONObject("metadata").similar(meta))
                        .as("metadata kept")
                        .isTrue();
                assertThat(ack.getJSONArray("participants")).hasSize(1);
                assertThat(ack.getJSONArray("participants").getJSONObject(0).getString("userId"))
                        .isEqualTo(alice);

                // The held messages arrive after call_joined, in the order sent, with from and sessionId.
                back.await("ice_candidate", 4, TestClient.WAIT);
                List<Received> log = back.log().stream()
                        .filter(r ->
                                List.of("call_joined", "offer", "ice_candidate").contains(r.event()))
                        .toList();
                assertThat(log)
                        .extracting(Received::event)
                        .as(back.describe())
                        .containsExactly(
                                "call_joined",
                                "offer",
                                "ice_candidate",
                                "ice_candidate",
                                "ice_candidate",
                                "ice_candidate");
                assertThat(log.get(1).json().getString("from")).isEqualTo(alice);
                assertThat(log.get(1).json().getString("sessionId")).isEqualTo(call);
                assertThat(log.get(1).json().getJSONObject("sdp").getString("sdp"))
                        .isEqualTo("v=0 held 0");
                for (int i = 1; i <= 3; i++) {
                    assertThat(log.get(i + 1).json().getJSONObject("candidate").getString("candidate"))
                            .isEqualTo(RelayIT.candidate(i).getString("candidate"));
                }
                assertThat(log.get(5).json().get("candidate")).isEqualTo(JSONObject.NULL);

                // Alice is told nothing, not even when the grace would have ended.
                Duration untilGraceOver = LONG_GRACE.plusMillis(500).minusNanos(System.nanoTime() - dropped);
                a.assertNothing(
                        untilGraceOver.isNegative() ? Duration.ZERO : untilGraceOver,
                        "participant_left",
                        "participant_joined",
                        "participant_updated");

                // And the call works both ways again.
                assertOk(a.call("answer", new JSONObject().put("to", bob).put("sdp", "v=0 after")));
                assertThat(back.await("answer").json().getString("from")).isEqualTo(alice);
                assertOk(back.call("offer", new JSONObject().put("to", alice).put("sdp", "v=0 back")));
                assertThat(a.await("offer").json().getString("from")).isEqualTo(bob);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void stayingAwayEndsWithParticipantLeftDisconnected(Via via) {
        String call = fresh("call");
        String alice = fresh("alice");
        String bob = fresh("bob");
        try (TestClient a = TestClient.joined(brief, via, alice, call)) {
            TestClient b = TestClient.joined(brief, via, bob, call);
            a.await("participant_joined");
            b.close();
            long dropped = System.nanoTime();

            // Within the grace he is still a participant: messages to him are accepted.
            assertOk(a.call("offer", new JSONObject().put("to", bob).put("sdp", "v=0")));
            a.assertNothing(Duration.ofMillis(400), "participant_left");

            JSONObject left =
                    a.await("participant_left", SHORT_GRACE.plusSeconds(5)).json();
            long afterMillis = (System.nanoTime() - dropped) / 1_000_000;
            assertThat(left.getString("sessionId")).isEqualTo(call);
            assertThat(left.getString("userId")).isEqualTo(bob);
            assertThat(left.getString("reason")).isEqualTo("disconnected");
            assertThat(afterMillis).as("told after the grace").isGreaterThanOrEqualTo(SHORT_GRACE.toMillis() - 200);
            ServerProcess.await(Duration.ofSeconds(5), "the leave's log line", () -> brief.output()
                    .contains("leave userId=" + bob + " sessionId=" + call + " reason=disconnected"));

            assertFailure(a.call("offer", new JSONObject().put("to", bob).put("sdp", "v=0")), "PARTICIPANT_NOT_FOUND");
            a.assertNothing(Duration.ofMillis(300), "participant_left");
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void withAGraceOfZeroTheOthersAreToldAtOnce(Via via) {
        String call = fresh("call");
        String bob = fresh("bob");
        try (TestClient a = TestClient.joined(none, via, fresh("alice"), call)) {
            TestClient b = TestClient.joined(none, via, bob, call);
            a.await("participant_joined");
            b.close();
            JSONObject left = a.await("participant_left", Duration.ofSeconds(3)).json();
            assertThat(left.getString("userId")).isEqualTo(bob);
            assertThat(left.getString("reason")).isEqualTo("disconnected");
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void aSecondSocketOfTheSameUserReplacesTheFirst(Via via) {
        String call = fresh("call");
        String alice = fresh("alice");
        String bob = fresh("bob");
        try (TestClient a = TestClient.joined(brief, via, alice, call)) {
            TestClient b1 = TestClient.joined(brief, via, bob, call); // closed below
            a.await("participant_joined");
            long joinedAt = b1.log().stream()
                    .filter(r -> r.event().equals("call_joined"))
                    .findFirst()
                    .orElseThrow()
                    .json()
                    .getJSONObject("self")
                    .getLong("joinedAt");

            try (TestClient b2 = TestClient.authenticated(brief, via, bob, call)) {
                JSONObject ack = b2.join(new JSONObject().put("sessionId", call));
                assertThat(ack.getJSONObject("self").getLong("joinedAt")).isEqualTo(joinedAt);
                assertThat(ack.getJSONArray("participants")).hasSize(1);
                assertThat(ack.getJSONArray("participants").getJSONObject(0).getString("userId"))
                        .isEqualTo(alice);

                JSONObject replaced = b1.await("participant_left").json();
                assertThat(replaced.getString("sessionId")).isEqualTo(call);
                assertThat(replaced.getString("userId")).as("its own userId").isEqualTo(bob);
                assertThat(replaced.getString("reason")).isEqualTo("replaced");

                // Relays now go to the new socket only; the old one is in no call.
                assertOk(a.call("offer", new JSONObject().put("to", bob).put("sdp", "v=0 to b2")));
                assertThat(b2.await("offer").json().getJSONObject("sdp").getString("sdp"))
                        .isEqualTo("v=0 to b2");
                assertFailure(
                        b1.call("answer", new JSONObject().put("to", alice).put("sdp", "v=0")), "NOT_IN_CALL");
                b1.assertNothing(Duration.ZERO, "offer");

                // The old socket going away is not the participant going away.
                b1.close();
                a.assertNothing(SHORT_GRACE.plusMillis(500), "participant_left", "participant_joined");
                assertOk(b2.call("answer", new JSONObject().put("to", alice).put("sdp", "v=0 from b2")));
                assertThat(a.await("answer").json().getString("from")).isEqualTo(bob);
            }
        }
    }

    /** Waits until the server counts that many sockets (so a close has been seen). */
    static void awaitConnections(ServerProcess server, int count) {
        ServerProcess.await(
                Duration.ofSeconds(5),
                "/health connections == " + count,
                () -> Http.get(server.url() + "/health").json().getInt("connections") == count);
    }
}
