package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SmokeIT {
    static ServerProcess server;

    @BeforeAll
    static void start() {
        server = ServerProcess.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void twoPartyCallOverWebsocketAndPolling() {
        assertThat(Http.get(server.url() + "/health").json().getString("status"))
                .isEqualTo("healthy");
        try (TestClient alice = TestClient.connect(server.url(), Via.WEBSOCKET, Http.token(server, "alice", "call_1"));
                TestClient bob = TestClient.connect(server.url(), Via.POLLING, null)) {
            assertThat(alice.await("authenticated").json().getString("userId")).isEqualTo("alice");
            bob.await("connect");
            JSONObject auth =
                    bob.call("authenticate", new JSONObject().put("token", Http.token(server, "bob", "call_1")));
            assertThat(auth.getBoolean("ok")).isTrue();

            JSONObject joined = alice.call("join_call", new JSONObject().put("sessionId", "call_1"));
            assertThat(joined.getBoolean("ok")).as(joined.toString()).isTrue();
            bob.call("join_call", new JSONObject().put("sessionId", "call_1"));
            assertThat(alice.await("participant_joined")
                            .json()
                            .getJSONObject("participant")
                            .getString("userId"))
                    .isEqualTo("bob");

            alice.call(
                    "offer",
                    new JSONObject()
                            .put("to", "bob")
                            .put("sdp", new JSONObject().put("type", "offer").put("sdp", "v=0")));
            JSONObject offer = bob.await("offer").json();
            assertThat(offer.getString("from")).isEqualTo("alice");
            assertThat(offer.getJSONObject("sdp").getString("sdp")).isEqualTo("v=0");
        }
    }
}
