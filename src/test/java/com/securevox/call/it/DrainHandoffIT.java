package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Fault (c) of issue 15, a rolling restart, between two server processes sharing a private Redis and a PostgreSQL
 * database: the node serving a call drains (SIGTERM) and hands the call over instead of holding it for its drain
 * timeout. Its clients see their transports close (not a Socket.IO disconnect), come back through the other node (the
 * test stands in for the load balancer), and rejoin as reconnections, each finding the other; nobody is told anyone
 * left, the draining node exits long before its drain timeout, and the history and the webhooks hold one call.
 */
class DrainHandoffIT {
    /** Far beyond the bound below: a node that held its calls for the drain timeout would fail the test. */
    private static final String DRAIN_TIMEOUT = "60s";

    private static final Duration EXITS_WITHIN = Duration.ofSeconds(20);

    @Test
    void aDrainingNodeHandsItsCallOverAndExitsWithoutWaitingForItsDrainTimeout() throws Exception {
        String call = TestClient.fresh("call");
        try (Nodes.Pair nodes =
                Nodes.pair("SECUREVOX_CALL_RECONNECT_GRACE", "60s", "SECUREVOX_CALL_DRAIN_TIMEOUT", DRAIN_TIMEOUT)) {
            ServerProcess a = nodes.a();
            ServerProcess b = nodes.b();
            TestClient alice = TestClient.joined(a, Via.POLLING, "alice", call);
            TestClient bob = TestClient.joined(a, Via.WEBSOCKET, "bob", call);
            alice.await("participant_joined");
            HistoryIT.awaitCall(b, call);
            // Marked delivered too: the drain's end must not fall between a receipt and its mark.
            nodes.awaitDelivered(3);

            a.signal("TERM");

            assertThat(a.awaitExit(EXITS_WITHIN)).as(a.output()).isZero();
            // The transports end as in a network failure, after which Socket.IO clients reconnect by themselves (they
            // do not after "io server disconnect"): the websocket's connection is cut, the polling client is sent a
            // close packet.
            assertThat(bob.await("disconnect").payload()).isEqualTo("transport error");
            assertThat(alice.await("disconnect").payload()).isEqualTo("transport close");
            assertThat(a.output())
                    .contains("call handed over sessionId=" + call)
                    .doesNotContain("call not handed over")
                    .doesNotContain("drain timeout reached");
            // Neither was told the other left before its transport closed.
            assertThat(alice.has("participant_left")).isFalse();
            assertThat(bob.has("participant_left")).isFalse();

            TestClient bobAgain = TestClient.authenticated(b, Via.WEBSOCKET, "bob", call);
            JSONObject bobJoined = Nodes.joinAck(bobAgain, call, TestClient.WAIT);
            assertThat(bobJoined.optBoolean("ok")).as(bobJoined.toString()).isTrue();
            assertThat(Nodes.userIds(bobJoined)).containsExactly("alice");
            TestClient aliceAgain = TestClient.authenticated(b, Via.POLLING, "alice", call);
            JSONObject aliceJoined = Nodes.joinAck(aliceAgain, call, TestClient.WAIT);
            assertThat(aliceJoined.optBoolean("ok")).as(aliceJoined.toString()).isTrue();
            assertThat(Nodes.userIds(aliceJoined)).containsExactly("bob");

            // Reconnections tell nobody anything.
            bobAgain.assertNothing(Duration.ofSeconds(2), "participant_left", "participant_joined");
            aliceAgain.assertNothing(Duration.ofMillis(100), "participant_left", "participant_joined");

            // The call goes on, and ends once both leave, as the one call that began on it-a, its webhooks numbered on
            // without a gap across the hand-off, which sends none.
            JSONObject ended = nodes.assertEndsAsOneCall(aliceAgain, bobAgain, call);
            List<String> reasons = new ArrayList<>();
            for (Object p : ended.getJSONArray("participants")) {
                reasons.add(((JSONObject) p).getString("leaveReason"));
            }
            assertThat(reasons).as(ended.toString()).containsOnly("left");
            for (TestClient client : new TestClient[] {alice, bob, bobAgain, aliceAgain}) {
                client.close();
            }
        }
    }
}
