package com.securevox.call.it;

import static com.securevox.call.it.HttpApiIT.assertError;
import static com.securevox.call.it.Replies.assertCallError;
import static com.securevox.call.it.Replies.assertFailure;
import static com.securevox.call.it.Replies.assertOk;
import static com.securevox.call.it.TestClient.fresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.Http.Response;
import com.securevox.call.it.TestClient.Via;
import java.time.Duration;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Shutdown: SIGTERM drains (calls go on, new work refused), the drain timeout, a second signal. */
class DrainIT {
    /**
     * "Promptly": the server notices the last call ending within its 100 ms poll, then stops. The
     * stop itself takes about 4 s here (Netty's graceful shutdown: a 2 s quiet period per event loop
     * group), so 8 s leaves room for a loaded machine while still catching a drain that hangs.
     */
    static final Duration PROMPTLY = Duration.ofSeconds(8);

    @ParameterizedTest
    @EnumSource(Via.class)
    void sigtermRefusesNewWorkLetsTheCallFinishThenExitsZero(Via via) {
        try (ServerProcess server = ServerProcess.start()) {
            String call = fresh("call");
            TestClient alice = TestClient.joined(server, via, "alice", call);
            TestClient bob = TestClient.joined(server, via, "bob", call);
            TestClient carol = TestClient.authenticated(server, via, "carol", call);
            String lateToken = Http.token(server, "dave", call);
            alice.await("participant_joined");

            server.signal("TERM");
            ServerProcess.await(
                    Duration.ofSeconds(5),
                    "/ready to answer 503",
                    () -> Http.get(server.url() + "/ready").status() == 503);
            Response ready = Http.get(server.url() + "/ready");
            assertThat(ready.json().similar(new JSONObject().put("status", "draining")))
                    .as(ready.toString())
                    .isTrue();
            Response health = Http.get(server.url() + "/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().getString("status")).isEqualTo("draining");

            // New Socket.IO sessions are refused, over HTTP and with the client.
            try (Http.Connection connection = new Http.Connection(server)) {
                assertError(
                        connection.send("GET", "/socket.io/?EIO=4&transport=polling", null), 503, "SERVER_DRAINING");
            }
            try (TestClient dave = TestClient.connect(server.url(), via, lateToken)) {
                dave.await("connect_error");
                assertThat(dave.events()).doesNotContain("connect", "authenticated");
            }

            // A connected user who is not in the call yet cannot join it.
            assertFailure(carol.call("join_call", new JSONObject().put("sessionId", call)), "SERVER_DRAINING");
            carol.emit("join_call", new JSONObject().put("sessionId", call));
            assertCallError(carol, "join_call", "SERVER_DRAINING");
            alice.assertNothing(Duration.ZERO, "participant_joined");

            // The call in progress goes on.
            assertOk(alice.call("offer", new JSONObject().put("to", "bob").put("sdp", "v=0 draining")));
            assertThat(bob.await("offer").json().getJSONObject("sdp").getString("sdp"))
                    .isEqualTo("v=0 draining");
            assertOk(bob.call(
                    "ice_candidate", new JSONObject().put("to", "alice").put("candidate", JSONObject.NULL)));
            alice.await("ice_candidate");
            assertOk(bob.call("mute_audio", new JSONObject().put("muted", true)));
            alice.await("participant_updated");
            assertThat(server.isAlive()).isTrue();

            // Both leave: the last call is over, the process exits 0.
            assertOk(alice.call("leave_call", new JSONObject()));
            assertThat(server.isAlive()).as("one participant still in the call").isTrue();
            assertOk(bob.call("leave_call", new JSONObject()));
            long left = System.nanoTime();
            assertThat(server.awaitExit(PROMPTLY)).as(server.output()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - left)).isLessThan(PROMPTLY);
            carol.await("disconnect");
            alice.close();
            bob.close();
            carol.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void afterTheDrainTimeoutSocketsAreDisconnectedAndTheProcessExitsZero(Via via) {
        try (ServerProcess server = ServerProcess.start(Map.of("SECUREVOX_CALL_DRAIN_TIMEOUT", "1s"))) {
            String call = fresh("call");
            try (TestClient alice = TestClient.joined(server, via, "alice", call);
                    TestClient bob = TestClient.joined(server, via, "bob", call)) {
                alice.await("participant_joined");
                server.signal("TERM");
                long signalled = System.nanoTime();
                alice.assertNothing(Duration.ofMillis(500), "disconnect");
                alice.await("disconnect", Duration.ofSeconds(5));
                bob.await("disconnect", Duration.ofSeconds(5));
                assertThat(server.awaitExit(PROMPTLY)).as(server.output()).isZero();
                assertThat(Duration.ofNanos(System.nanoTime() - signalled))
                        .as("1 s drain timeout")
                        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void aSecondSignalExitsAtOnce(Via via) {
        try (ServerProcess server = ServerProcess.start()) {
            String call = fresh("call");
            try (TestClient alice = TestClient.joined(server, via, "alice", call)) {
                server.signal("TERM");
                ServerProcess.await(
                        Duration.ofSeconds(5),
                        "the drain to begin",
                        () -> Http.get(server.url() + "/ready").status() == 503);
                // The call holds the drain (default timeout 30 s).
                alice.assertNothing(Duration.ofMillis(300), "disconnect");
                assertThat(server.isAlive()).isTrue();
                // TERM, not INT: a server started from a background job of a non-interactive shell inherits SIGINT
                // ignored (the JVM keeps it so), while TERM is always handled; the second of any two signals counts.
                server.signal("TERM");
                server.awaitExit(Duration.ofSeconds(3)); // any exit code
            }
        }
    }
}
