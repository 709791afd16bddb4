package com.securevox.call.it;

import static com.securevox.call.it.Replies.assertFailure;
import static com.securevox.call.it.Replies.assertOk;
import static com.securevox.call.it.Replies.assertParticipant;
import static com.securevox.call.it.TestClient.fresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Received;
import com.securevox.call.it.TestClient.Via;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Host controls and in-call messages with the official Java client against the packaged server, over both transports:
 * a host mutes (the target is asked, everyone sees the new state), removes (the others see {@code kicked}, the same
 * token cannot come back, a later one can) and ends the call (everyone told, the history records it); the backend does
 * the same over REST; participants are refused; {@code data} reaches one or everyone in order.
 */
class HostControlsIT {
    private static final String BEARER = "Bearer " + ServerProcess.API_KEY;
    private static final Duration QUIET = Duration.ofMillis(300);

    static ServerProcess server;

    @BeforeAll
    static void start() {
        server = ServerProcess.start(Map.of("SECUREVOX_CALL_RECONNECT_GRACE", "0s"));
    }

    @AfterAll
    static void stop() {
        ServerProcess.close(server);
    }

    private static String token(String userId, String sessionId, String role) {
        return Http.token(server, userId, sessionId, role);
    }

    private static TestClient joined(Via via, String userId, String sessionId, String role) {
        return joinedWith(via, token(userId, sessionId, role), sessionId);
    }

    private static TestClient joinedWith(Via via, String token, String sessionId) {
        TestClient client = TestClient.connect(server.url(), via, token);
        client.await("authenticated");
        client.join(new JSONObject().put("sessionId", sessionId));
        client.await("call_joined");
        return client;
    }

    private static Http.Response rest(String path, JSONObject body) {
        return Http.request(
                "POST",
                server.url() + path,
                body == null ? null : body.toString(),
                "Authorization",
                BEARER,
                "Content-Type",
                "application/json");
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void aHostMutesSomeoneTheTargetIsAskedAndEveryoneSeesIt(Via via) {
        String call = fresh("call");
        String host = fresh("host");
        String alice = fresh("alice");
        String bob = fresh("bob");
        try (TestClient h = joined(via, host, call, "host");
                TestClient a = joined(via, alice, call, "participant");
                TestClient b = joined(via, bob, call, "participant")) {
            JSONObject ack = assertOk(h.call(
                    "mute_participant", new JSONObject().put("userId", alice).put("kind", "audio")));
            assertParticipant(ack.getJSONObject("participant"), alice);
            assertThat(ack.getJSONObject("participant").getBoolean("audioMuted"))
                    .isTrue();

            JSONObject request = a.await("mute_request").json();
            assertThat(request.toMap()).isEqualTo(Map.of("sessionId", call, "kind", "audio", "by", host));
            for (TestClient everyone : List.of(h, a, b)) {
                JSONObject updated = everyone.await("participant_updated").json();
                assertThat(updated.getString("sessionId")).isEqualTo(call);
                assertParticipant(updated.getJSONObject("participant"), alice);
                assertThat(updated.getJSONObject("participant").getBoolean("audioMuted"))
                        .isTrue();
                assertThat(updated.getJSONObject("participant").getBoolean("videoMuted"))
                        .isFalse();
            }

            // The backend mutes bob's camera over REST.
            Http.Response muted = rest(
                    "/api/calls/" + call + "/participants/" + bob + "/mute", new JSONObject().put("kind", "video"));
            assertThat(muted.status()).as("%s", muted).isEqualTo(200);
            assertThat(muted.json().getJSONObject("participant").getBoolean("videoMuted"))
                    .isTrue();
            assertThat(b.await("mute_request").json().toMap())
                    .isEqualTo(Map.of("sessionId", call, "kind", "video", "by", "api"));
            assertThat(h.await("participant_updated")
                            .json()
                            .getJSONObject("participant")
                            .getString("userId"))
                    .isEqualTo(bob);

            // Only alice unmutes alice; the others see it as any self-unmute.
            assertOk(a.call("mute_audio", new JSONObject().put("muted", false)));
            assertThat(b.await("participant_updated")
                            .json()
                            .getJSONObject("participant")
                            .getBoolean("audioMuted"))
                    .isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void aRemovedParticipantIsToldTheOthersSeeKickedAndItsTokenCannotComeBack(Via via) {
        String call = fresh("call");
        String host = fresh("host");
        String alice = fresh("alice");
        String bob = fresh("bob");
        String aliceToken = token(alice, call, "participant");
        try (TestClient h = joined(via, host, call, "host");
                TestClient a = joinedWith(via, aliceToken, call);
                TestClient b = joined(via, bob, call, "participant")) {
            h.await("participant_joined", 2, TestClient.WAIT);
            assertOk(h.call("remove_participant", new JSONObject().put("userId", alice)));
            long removedBy = java.time.Instant.now().getEpochSecond();

            assertThat(a.await("removed").json().toMap()).isEqualTo(Map.of("sessionId", call, "by", host));
            for (TestClient other : List.of(h, b)) {
                assertThat(other.await("participant_left").json().toMap())
                        .isEqualTo(Map.of("sessionId", call, "userId", alice, "reason", "kicked"));
            }
            assertThat(a.connected())
                    .as("the removed socket stays connected, in no call")
                    .isTrue();
            assertFailure(a.call("data", new JSONObject().put("payload", "still here?")), "NOT_IN_CALL");

            // Its socket, and a new one with the same token: refused.
            JSONObject again = assertFailure(a.call("join_call", new JSONObject().put("sessionId", call)), "REMOVED");
            assertThat(again.getString("message"))
                    .isEqualTo("userId: '" + alice + "' was removed from call '" + call
                            + "' by a host (expected: a token issued after the removal)");
            try (TestClient sameToken = TestClient.connect(server.url(), via, aliceToken)) {
                sameToken.await("authenticated");
                assertFailure(sameToken.call("join_call", new JSONObject().put("sessionId", call)), "REMOVED");
            }
            h.assertNothing(QUIET, "participant_joined");

            // A token issued after the removal (tokens have whole seconds) is the backend letting her back in.
            ServerProcess.await(
                    Duration.ofSeconds(3),
                    "the removal's second over",
                    () -> java.time.Instant.now().getEpochSecond() > removedBy);
            try (TestClient back = joined(via, alice, call, "participant")) {
                assertThat(h.await("participant_joined")
                                .json()
                                .getJSONObject("participant")
                                .getString("userId"))
                        .isEqualTo(alice);
            }
            assertThat(h.await("participant_left").json().getString("reason")).isEqualTo("disconnected");

            // The backend removes bob over REST.
            Http.Response removed = rest("/api/calls/" + call + "/participants/" + bob + "/remove", null);
            assertThat(removed.status()).as("%s", removed).isEqualTo(200);
            assertThat(removed.json().toMap()).isEqualTo(Map.of("sessionId", call, "userId", bob));
            assertThat(b.await("removed").json().getString("by")).isEqualTo("api");
            assertThat(h.await("participant_left").json().getString("reason")).isEqualTo("kicked");
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void aHostEndsTheCallForEveryoneAndTheHistoryRecordsIt(Via via) {
        String call = fresh("call");
        String host = fresh("host");
        String alice = fresh("alice");
        try (TestClient h = joined(via, host, call, "host");
                TestClient a = joined(via, alice, call, "participant")) {
            assertOk(h.call("end_call", new JSONObject()));

            for (TestClient everyone : List.of(h, a)) {
                assertThat(everyone.await("call_ended").json().toMap())
                        .isEqualTo(Map.of("sessionId", call, "by", host, "reason", "ended_by_host"));
                assertThat(everyone.connected()).isTrue();
            }
            a.assertNothing(QUIET, "participant_left");
            assertFailure(h.call("end_call", new JSONObject()), "NOT_IN_CALL");

            JSONObject ended = HistoryIT.awaitEndedCall(server, "userId=" + alice, call);
            assertThat(ended.getString("endReason")).isEqualTo("ended_by_host");
            JSONArray participants = ended.getJSONArray("participants");
            List<String> reasons = new ArrayList<>();
            for (int i = 0; i < participants.length(); i++) {
                reasons.add(participants.getJSONObject(i).getString("leaveReason"));
            }
            assertThat(reasons).containsExactly("ended_by_host", "ended_by_host");

            // Sockets stay: the same participants can start the call again under its id.
            a.join(new JSONObject().put("sessionId", call));
            a.await("call_joined");
            Http.Response end = rest("/api/calls/" + call + "/end", null);
            assertThat(end.status()).as("%s", end).isEqualTo(200);
            assertThat(a.await("call_ended").json().getString("by")).isEqualTo("api");
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void refusals(Via via) {
        String call = fresh("call");
        String host = fresh("host");
        String alice = fresh("alice");
        try (TestClient h = joined(via, host, call, "host");
                TestClient a = joined(via, alice, call, "participant")) {
            JSONObject forbidden = assertFailure(
                    a.call(
                            "mute_participant",
                            new JSONObject().put("userId", host).put("kind", "audio")),
                    "FORBIDDEN");
            assertThat(forbidden.getString("message")).isEqualTo("mute_participant: role participant (expected: host)");
            assertFailure(a.call("remove_participant", new JSONObject().put("userId", host)), "FORBIDDEN");
            assertFailure(a.call("end_call", new JSONObject()), "FORBIDDEN");

            JSONObject badKind = assertFailure(
                    h.call(
                            "mute_participant",
                            new JSONObject().put("userId", alice).put("kind", "screen")),
                    "INVALID_PAYLOAD");
            assertThat(badKind.getString("message")).isEqualTo("kind: 'screen' (expected: \"audio\" or \"video\")");
            JSONObject noUser = assertFailure(h.call("remove_participant", new JSONObject()), "INVALID_PAYLOAD");
            assertThat(noUser.getString("message")).startsWith("userId: missing");
            JSONObject unknown = assertFailure(
                    h.call("remove_participant", new JSONObject().put("userId", "nobody")), "PARTICIPANT_NOT_FOUND");
            assertThat(unknown.getString("message"))
                    .isEqualTo("userId: 'nobody' (expected: a participant of call '" + call + "')");
            assertFailure(
                    h.call(
                            "mute_participant",
                            new JSONObject().put("userId", host).put("kind", "audio")),
                    "PARTICIPANT_NOT_FOUND");

            // Nothing reached anyone, and the call goes on.
            a.assertNothing(QUIET, "mute_request", "removed", "call_ended", "participant_updated");
            assertOk(h.call("data", new JSONObject().put("payload", "still on")));
            assertThat(a.await("data").json().getString("payload")).isEqualTo("still on");

            assertThat(rest("/api/calls/nocall/end", null).status()).isEqualTo(404);
            Http.Response noParticipant = rest("/api/calls/" + call + "/participants/nobody/remove", null);
            assertThat(noParticipant.status()).isEqualTo(404);
            assertThat(noParticipant.json().getJSONObject("error").getString("message"))
                    .isEqualTo("userId: 'nobody' (expected: a participant of call '" + call + "')");
            Http.Response badBody =
                    rest("/api/calls/" + call + "/participants/" + alice + "/mute", new JSONObject().put("kind", 1));
            assertThat(badBody.status()).isEqualTo(400);
            assertThat(badBody.json().getJSONObject("error").getString("code")).isEqualTo("INVALID_PAYLOAD");
            Http.Response noKey = Http.request("POST", server.url() + "/api/calls/" + call + "/end", null);
            assertThat(noKey.status()).isEqualTo(401);
            Http.Response get = Http.get(server.url() + "/api/calls/" + call + "/end", "Authorization", BEARER);
            assertThat(get.status()).isEqualTo(405);
            a.assertNothing(QUIET, "call_ended", "removed", "mute_request");
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void dataReachesOneOrEveryoneElseInOrder(Via via) {
        String call = fresh("call");
        String alice = fresh("alice");
        String bob = fresh("bob");
        String carol = fresh("carol");
        try (TestClient a = joined(via, alice, call, "participant");
                TestClient b = joined(via, bob, call, "participant");
                TestClient c = joined(via, carol, call, "participant")) {
            int count = 8;
            for (int i = 0; i < count; i++) {
                a.emit("data", new JSONObject().put("topic", "chat").put("payload", new JSONObject().put("n", i)));
            }
            a.emit(
                    "data",
                    new JSONObject()
                            .put("to", bob)
                            .put("payload", new JSONArray().put("only").put("bob")));
            for (TestClient other : List.of(b, c)) {
                List<Received> got = other.await("data", count, TestClient.WAIT);
                for (int i = 0; i < count; i++) {
                    JSONObject data = got.get(i).json();
                    assertThat(data.getString("sessionId")).isEqualTo(call);
                    assertThat(data.getString("from")).isEqualTo(alice);
                    assertThat(data.getString("topic")).isEqualTo("chat");
                    assertThat(data.getJSONObject("payload").getInt("n"))
                            .as("message %d", i)
                            .isEqualTo(i);
                }
            }
            JSONObject direct = b.await("data").json();
            assertThat(direct.isNull("topic")).isTrue();
            assertThat(direct.getJSONArray("payload").toList()).containsExactly("only", "bob");
            c.assertNothing(QUIET, "data");
            a.assertNothing(QUIET, "data");

            String big = "x".repeat(16 * 1024);
            JSONObject tooBig = assertFailure(a.call("data", new JSONObject().put("payload", big)), "INVALID_PAYLOAD");
            assertThat(tooBig.getString("message")).isEqualTo("payload: 16386 bytes as JSON (expected: at most 16384)");
            assertFailure(
                    a.call("data", new JSONObject().put("to", "nobody").put("payload", 1)), "PARTICIPANT_NOT_FOUND");
            assertFailure(a.call("data", new JSONObject().put("to", alice).put("payload", 1)), "PARTICIPANT_NOT_FOUND");
            b.assertNothing(QUIET, "data");
        }
    }
}
