package com.securevox.call.it;

import static com.securevox.call.it.Replies.assertCallError;
import static com.securevox.call.it.Replies.assertFailure;
import static com.securevox.call.it.Replies.assertOk;
import static com.securevox.call.it.TestClient.fresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every error code a client can provoke, each as a failed acknowledgement {@code {ok: false,
 * error: {code, message}}} and, for the same event sent without one, as {@code call_error {event,
 * code, message}}. UNAUTHENTICATED, TOKEN_EXPIRED and INVALID_TOKEN are in {@link
 * AuthenticationIT}, SERVER_DRAINING in {@link DrainIT}.
 */
class ErrorCodesIT {
    static final Duration QUIET = Duration.ofMillis(500);

    /** At most 2 participants per call. */
    static ServerProcess server;
    /** 2 events per second, bursts of 5. */
    static ServerProcess limited;

    @BeforeAll
    static void start() {
        server = ServerProcess.start(Map.of("SECUREVOX_CALL_MAX_PARTICIPANTS", "2"));
        limited = ServerProcess.start(Map.of("SECUREVOX_CALL_EVENT_RATE", "2", "SECUREVOX_CALL_EVENT_BURST", "5"));
    }

    @AfterAll
    static void stop() {
        ServerProcess.close(server, limited);
    }

    /** Sends the event with an ack, then again without one, and checks both refusals. */
    static void assertRefused(TestClient client, String event, Object payload, String code) {
        assertFailure(client.call(event, payload), code);
        client.emit(event, payload);
        assertCallError(client, event, code);
    }

    // ---- INVALID_PAYLOAD ----

    /**
     * A malformed payload, the field its message must name, and whether the sender is in a call
     * (relays and mutes: yes, so that only the payload is wrong).
     */
    enum Bad {
        JOIN_NOT_AN_OBJECT("join_call", false, "payload", call -> "just a string"),
        JOIN_NO_SESSION_ID("join_call", false, "sessionId", call -> new JSONObject()),
        JOIN_SESSION_ID_NUMBER("join_call", false, "sessionId", call -> new JSONObject().put("sessionId", 42)),
        JOIN_SESSION_ID_CHARS("join_call", false, "sessionId", call -> new JSONObject().put("sessionId", "no spaces!")),
        JOIN_SESSION_ID_TOO_LONG(
                "join_call", false, "sessionId", call -> new JSONObject().put("sessionId", "c".repeat(129))),
        JOIN_METADATA_STRING("join_call", false, "metadata", call -> new JSONObject()
                .put("sessionId", call)
                .put("metadata", "x")),
        JOIN_METADATA_TOO_BIG("join_call", false, "metadata", call -> new JSONObject()
                .put("sessionId", call)
                .put("metadata", new JSONObject().put("blob", "m".repeat(1100)))),
        JOIN_AUDIO_MUTED_STRING("join_call", false, "audioMuted", call -> new JSONObject()
                .put("sessionId", call)
                .put("audioMuted", "yes")),
        OFFER_NO_TO("offer", true, "to", call -> new JSONObject().put("sdp", "v=0")),
        OFFER_NO_SDP("offer", true, "sdp", call -> new JSONObject().put("to", "bob")),
        OFFER_SDP_NUMBER(
                "offer", true, "sdp", call -> new JSONObject().put("to", "bob").put("sdp", 42)),
        OFFER_SDP_BAD_TYPE("offer", true, "type", call -> new JSONObject()
                .put("to", "bob")
                .put("sdp", new JSONObject().put("type", "bogus").put("sdp", "v=0"))),
        OFFER_SDP_TOO_BIG(
                "offer", true, "sdp", call -> new JSONObject().put("to", "bob").put("sdp", "v".repeat(65 * 1024))),
        ANSWER_SDP_WITHOUT_TEXT("answer", true, "sdp", call -> new JSONObject()
                .put("to", "bob")
                .put("sdp", new JSONObject().put("type", "answer"))),
        ICE_CANDIDATE_STRING("ice_candidate", true, "candidate", call -> new JSONObject()
                .put("to", "bob")
                .put("candidate", "x")),
        ICE_CANDIDATE_FIELD_NUMBER("ice_candidate", true, "candidate", call -> new JSONObject()
                .put("to", "bob")
                .put(
                        "candidate",
                        new JSONObject().put("candidate", 42).put("sdpMid", "0").put("sdpMLineIndex", 0))),
        ICE_CANDIDATE_TOO_BIG("ice_candidate", true, "candidate", call -> new JSONObject()
                .put("to", "bob")
                .put(
                        "candidate",
                        new JSONObject()
                                .put("candidate", "candidate:" + "c".repeat(5000))
                                .put("sdpMid", "0")
                                .put("sdpMLineIndex", 0))),
        MUTE_AUDIO_STRING("mute_audio", true, "muted", call -> new JSONObject().put("muted", "yes")),
        MUTE_VIDEO_MISSING("mute_video", true, "muted", call -> new JSONObject()),
        LEAVE_SESSION_ID_NUMBER("leave_call", true, "sessionId", call -> new JSONObject().put("sessionId", 7));

        final String event;
        final boolean inCall;
        final String field;
        final Function<String, Object> payload;

        Bad(String event, boolean inCall, String field, Function<String, Object> payload) {
            this.event = event;
            this.inCall = inCall;
            this.field = field;
            this.payload = payload;
        }
    }

    static Stream<Arguments> viaAndBad() {
        return Arrays.stream(Via.values())
                .flatMap(via -> Arrays.stream(Bad.values()).map(bad -> Arguments.of(via, bad)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("viaAndBad")
    void invalidPayloadNamesTheField(Via via, Bad bad) {
        String call = fresh("call");
        try (TestClient bob = TestClient.joined(server, via, "bob", call);
                TestClient alice = bad.inCall
                        ? TestClient.joined(server, via, "alice", call)
                        : TestClient.authenticated(server, via, "alice", call)) {
            Object payload = bad.payload.apply(call);
            JSONObject error = assertFailure(alice.call(bad.event, payload), "INVALID_PAYLOAD");
            assertThat(error.getString("message")).as("message names the field").contains(bad.field);
            alice.emit(bad.event, payload);
            JSONObject callError = assertCallError(alice, bad.event, "INVALID_PAYLOAD");
            assertThat(callError.getString("message")).contains(bad.field);
            // Nothing happened: no join, no relay.
            assertThat(alice.events()).doesNotContain("call_joined");
            bob.assertNothing(Duration.ofMillis(100), "offer", "answer", "ice_candidate", "participant_updated");
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void eventWithoutAnyPayloadIsInvalidPayload(Via via) {
        String call = fresh("call");
        try (TestClient alice = TestClient.authenticated(server, via, "alice", call)) {
            assertFailure(alice.callWithoutPayload("join_call"), "INVALID_PAYLOAD");
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void authenticateWithoutTokenIsInvalidPayloadAsAuthError(Via via) {
        try (TestClient client = TestClient.connect(server.url(), via, null)) {
            client.await("connect");
            client.emit("authenticate", new JSONObject().put("tokn", "typo"));
            JSONObject error = client.await("auth_error").json();
            assertThat(error.getString("code")).isEqualTo("INVALID_PAYLOAD");
            assertThat(error.getString("message")).contains("token");
            client.await("disconnect");
        }
    }

    // ---- FORBIDDEN ----

    @ParameterizedTest
    @EnumSource(Via.class)
    void joiningAnotherCallThanTheTokensIsForbidden(Via via) {
        String call = fresh("call");
        String other = fresh("other");
        try (TestClient owner = TestClient.joined(server, via, "owner", other);
                TestClient alice = TestClient.authenticated(server, via, "alice", call)) {
            assertRefused(alice, "join_call", new JSONObject().put("sessionId", other), "FORBIDDEN");
            owner.assertNothing(QUIET, "participant_joined");
            // The right call still works.
            alice.join(new JSONObject().put("sessionId", call));
        }
    }

    // ---- NOT_IN_CALL ----

    @ParameterizedTest
    @EnumSource(Via.class)
    void relayingMutingOrLeavingOutsideACallIsNotInCall(Via via) {
        String call = fresh("call");
        try (TestClient bob = TestClient.joined(server, via, "bob", call);
                TestClient alice = TestClient.authenticated(server, via, "alice", call)) {
            assertRefused(alice, "offer", new JSONObject().put("to", "bob").put("sdp", "v=0"), "NOT_IN_CALL");
            assertRefused(alice, "answer", new JSONObject().put("to", "bob").put("sdp", "v=0"), "NOT_IN_CALL");
            assertRefused(
                    alice,
                    "ice_candidate",
                    new JSONObject().put("to", "bob").put("candidate", JSONObject.NULL),
                    "NOT_IN_CALL");
            assertRefused(alice, "mute_audio", new JSONObject().put("muted", true), "NOT_IN_CALL");
            assertRefused(alice, "mute_video", new JSONObject().put("muted", true), "NOT_IN_CALL");
            assertRefused(alice, "leave_call", new JSONObject().put("sessionId", call), "NOT_IN_CALL");
            assertRefused(alice, "leave_call", new JSONObject(), "NOT_IN_CALL");
            bob.assertNothing(QUIET, "offer", "answer", "ice_candidate", "participant_updated", "participant_left");
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void leavingAnotherCallIsNotInCall(Via via) {
        String call = fresh("call");
        String other = fresh("other");
        try (TestClient owner = TestClient.joined(server, via, "owner", other);
                TestClient alice = TestClient.joined(server, via, "alice", call)) {
            assertRefused(alice, "leave_call", new JSONObject().put("sessionId", other), "NOT_IN_CALL");
            owner.assertNothing(QUIET, "participant_left");
            assertOk(alice.call("mute_audio", new JSONObject().put("muted", true)));
        }
    }

    // ---- ALREADY_IN_CALL ----

    @ParameterizedTest
    @EnumSource(Via.class)
    void joiningTwiceFromOneSocketIsAlreadyInCall(Via via) {
        String call = fresh("call");
        try (TestClient alice = TestClient.joined(server, via, "alice", call)) {
            assertRefused(alice, "join_call", new JSONObject().put("sessionId", call), "ALREADY_IN_CALL");
            assertThat(alice.events()).doesNotContain("call_joined");
        }
    }

    // ---- PARTICIPANT_NOT_FOUND ----

    @ParameterizedTest
    @EnumSource(Via.class)
    void relayingToSomeoneOutsideTheCallOrToOneselfIsParticipantNotFound(Via via) {
        String call = fresh("call");
        String other = fresh("other");
        try (TestClient carol = TestClient.joined(server, via, "carol", other);
                TestClient alice = TestClient.joined(server, via, "alice", call)) {
            assertRefused(
                    alice, "offer", new JSONObject().put("to", "nobody").put("sdp", "v=0"), "PARTICIPANT_NOT_FOUND");
            assertRefused(
                    alice, "answer", new JSONObject().put("to", "carol").put("sdp", "v=0"), "PARTICIPANT_NOT_FOUND");
            assertRefused(
                    alice,
                    "ice_candidate",
                    new JSONObject().put("to", "alice").put("candidate", JSONObject.NULL),
                    "PARTICIPANT_NOT_FOUND");
            carol.assertNothing(QUIET, "offer", "answer", "ice_candidate");
            assertThat(alice.events()).doesNotContain("offer", "answer", "ice_candidate");
        }
    }

    // ---- CALL_FULL ----

    @ParameterizedTest
    @EnumSource(Via.class)
    void aThirdParticipantInACallOfTwoIsCallFull(Via via) {
        String call = fresh("call");
        try (TestClient alice = TestClient.joined(server, via, "alice", call);
                TestClient bob = TestClient.joined(server, via, "bob", call);
                TestClient carol = TestClient.authenticated(server, via, "carol", call)) {
            alice.await("participant_joined");
            assertRefused(carol, "join_call", new JSONObject().put("sessionId", call), "CALL_FULL");
            alice.assertNothing(QUIET, "participant_joined");
            bob.assertNothing(Duration.ZERO, "participant_joined");

            // The same user from a new socket replaces itself: that is no third participant.
            try (TestClient bob2 = TestClient.authenticated(server, via, "bob", call)) {
                JSONObject ack = bob2.join(new JSONObject().put("sessionId", call));
                assertThat(ack.getJSONArray("participants")).hasSize(1);
            }
            // A place frees up when someone leaves.
            assertOk(alice.call("leave_call", new JSONObject()));
            carol.join(new JSONObject().put("sessionId", call));
        }
    }

    // ---- RATE_LIMITED ----

    @ParameterizedTest
    @EnumSource(Via.class)
    void eventsBeyondTheRateLimitAreRateLimited(Via via) {
        String call = fresh("call");
        try (TestClient bob = TestClient.joined(limited, via, "bob", call);
                TestClient alice = TestClient.connect(limited.url(), via, Http.token(limited, "alice", call))) {
            alice.await("authenticated");
            // The burst is 5 (join_call takes one); 20 events at once cannot all pass.
            List<CompletableFuture<JSONObject>> replies = new ArrayList<>();
            replies.add(alice.send("join_call", new JSONObject().put("sessionId", call)));
            for (int i = 0; i < 19; i++) {
                replies.add(alice.send("mute_audio", new JSONObject().put("muted", i % 2 == 0)));
            }
            List<JSONObject> acks =
                    replies.stream().map(f -> alice.get(f, "an ack")).toList();
            assertOk(acks.get(0));
            long limitedCount = acks.stream()
                    .filter(a -> !a.getBoolean("ok"))
                    .peek(a -> assertFailure(a, "RATE_LIMITED"))
                    .count();
            assertThat(limitedCount).as("refused of 20").isGreaterThanOrEqualTo(10);
            assertThat(acks.subList(0, 4)).allMatch(a -> a.getBoolean("ok"), "the burst passes");
            // Only the mutes that passed were announced.
            long passedMutes = acks.subList(1, acks.size()).stream()
                    .filter(a -> a.getBoolean("ok"))
                    .count();
            bob.await("participant_joined");
            bob.await("participant_updated", (int) passedMutes, TestClient.WAIT);
            bob.assertNothing(Duration.ofMillis(200), "participant_updated");

            // Without acks: call_error. The bucket is empty now.
            alice.emit("mute_video", new JSONObject().put("muted", true));
            assertCallError(alice, "mute_video", "RATE_LIMITED");

            // It refills (2 per second): a later event passes again.
            ServerProcess.await(Duration.ofSeconds(5), "the rate limit to refill", () -> alice.call(
                            "mute_video", new JSONObject().put("muted", false))
                    .getBoolean("ok"));
        }
    }
}
