package com.securevox.call.it;

import static com.securevox.call.it.Replies.assertFailure;
import static com.securevox.call.it.TestClient.fresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import java.time.Duration;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End-to-end encrypted calls as the server sees them, with the Java Socket.IO client against the packaged server and
 * a managed Janus: the first joiner's {@code e2ee} marks the call, later joiners must match it ({@code
 * E2EE_REQUIRED}, {@code E2EE_NOT_ENABLED}), the flag shows in the join replies, the stats and the history, and
 * recording is refused ({@code E2EE_CALL} over Socket.IO, 409 over REST) even by a host, even after the call moved
 * to the SFU. That the media itself is encrypted is the browser tests' part (src/test/e2e/e2ee.test.mjs).
 */
class E2eeIT {
    private static final String BEARER = "Bearer " + ServerProcess.API_KEY;

    static ServerProcess server;

    @BeforeAll
    static void start() {
        server = SfuServers.start("auto", "45000-45499", Map.of());
    }

    @AfterAll
    static void stop() {
        SfuServers.stop(server);
    }

    private static TestClient authenticated(String userId, String sessionId, String role) {
        String token = Http.mint(
                        server,
                        new JSONObject()
                                .put("userId", userId)
                                .put("sessionId", sessionId)
                                .put("role", role))
                .getString("token");
        TestClient client = TestClient.connect(server.url(), Via.WEBSOCKET, token);
        client.await("authenticated");
        return client;
    }

    private static JSONObject joinPayload(String sessionId, Boolean e2ee) {
        JSONObject join = new JSONObject().put("sessionId", sessionId).put("capabilities", new JSONArray().put("sfu"));
        if (e2ee != null) {
            join.put("e2ee", e2ee);
        }
        return join;
    }

    private static JSONObject activeCall(String sessionId) {
        JSONArray calls = Http.get(server.url() + "/api/call/stats", "Authorization", BEARER)
                .json()
                .getJSONArray("activeCalls");
        for (int i = 0; i < calls.length(); i++) {
            if (calls.getJSONObject(i).getString("sessionId").equals(sessionId)) {
                return calls.getJSONObject(i);
            }
        }
        throw new AssertionError("call " + sessionId + " not in progress: " + calls);
    }

    @Test
    void anEncryptedCallAdmitsOnlyEncryptingJoinersShowsItsFlagAndIsNeverRecorded() {
        String call = fresh("call");
        try (TestClient host = authenticated(fresh("host"), call, "host");
                TestClient bob = authenticated(fresh("bob"), call, "participant");
                TestClient plain = authenticated(fresh("plain"), call, "participant");
                TestClient carol = authenticated(fresh("carol"), call, "participant")) {
            JSONObject ack = host.join(joinPayload(call, true));
            assertThat(ack.getBoolean("e2ee")).as("ack %s", ack).isTrue();
            assertThat(host.await("call_joined").json().getBoolean("e2ee")).isTrue();

            JSONObject refused = assertFailure(plain.call("join_call", joinPayload(call, null)), "E2EE_REQUIRED");
            assertThat(refused.getString("message"))
                    .isEqualTo(
                            "call '" + call + "' is end-to-end encrypted (expected: join with e2ee, the call's key)");
            // false says the same as absent.
            assertFailure(plain.call("join_call", joinPayload(call, false)), "E2EE_REQUIRED");

            bob.join(joinPayload(call, true));
            carol.join(joinPayload(call, true));
            assertThat(activeCall(call).getBoolean("e2ee")).isTrue();
            // Three participants that can use the SFU: the call moves there, encrypted as before.
            ServerProcess.await(Duration.ofSeconds(10), "the call on the SFU", () -> "sfu"
                    .equals(activeCall(call).getString("media")));

            JSONObject noRecording = assertFailure(host.call("start_recording", new JSONObject()), "E2EE_CALL");
            assertThat(noRecording.getString("message"))
                    .isEqualTo("call " + call + " is end-to-end encrypted: the SFU sees only ciphertext, so it cannot"
                            + " be recorded (expected: a call without e2ee)");
            Http.Response rest = Http.request(
                    "POST", server.url() + "/api/calls/" + call + "/recording", null, "Authorization", BEARER);
            assertThat(rest.status()).as("%s", rest).isEqualTo(409);
            assertThat(rest.json().getJSONObject("error").getString("code")).isEqualTo("E2EE_CALL");
            assertThat(host.log()).noneMatch(r -> r.event().equals("recording_state"));
        }

        ServerProcess.await(Duration.ofSeconds(10), "the call in the history, ended", () -> {
            Http.Response history = Http.get(server.url() + "/api/calls/" + call, "Authorization", BEARER);
            return history.status() == 200 && !history.json().isNull("endedAt");
        });
        JSONObject history = Http.get(server.url() + "/api/calls/" + call, "Authorization", BEARER)
                .json();
        assertThat(history.getBoolean("e2ee")).as("%s", history).isTrue();
        assertThat(history.getString("media")).isEqualTo("sfu");
    }

    @Test
    void aPlainCallRefusesAnEncryptingJoinerAndSaysNothingOfE2eeToOthers() {
        String call = fresh("call");
        try (TestClient alice = authenticated(fresh("alice"), call, "participant");
                TestClient eve = authenticated(fresh("eve"), call, "participant")) {
            JSONObject ack = alice.join(joinPayload(call, null));
            // Contract clients see the contract's payload: no e2ee field for a plain call.
            assertThat(ack.has("e2ee")).as("ack %s", ack).isFalse();

            JSONObject refused = assertFailure(eve.call("join_call", joinPayload(call, true)), "E2EE_NOT_ENABLED");
            assertThat(refused.getString("message"))
                    .contains("is not end-to-end encrypted")
                    .contains("expected:");
            assertThat(activeCall(call).getBoolean("e2ee")).isFalse();
            assertThat(activeCall(call).getJSONArray("participants").length()).isEqualTo(1);
        }
    }
}
