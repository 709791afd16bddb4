package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import java.time.Duration;
import java.util.stream.Stream;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Fault (a) of issue 15 between two server processes sharing a private Redis and a PostgreSQL database: the node
 * serving a call is killed with {@code kill -9}, its clients come back through the other node, and the call goes on
 * there (its joins wait for the dead node's lease to lapse, then the state it kept in Redis is restored): each finds
 * the other in the call, nobody is told anyone left or joined, the history holds one call, not two, and the call's
 * webhooks are numbered on without a gap.
 */
class CallTakeoverIT {
    /** Whether the node says it delivers the webhook outbox. */
    private static boolean delivers(ServerProcess node) {
        return Http.metricsWithoutNode(node.url()).contains("securevox_webhook_leading 1.0");
    }

    @Test
    void theCallOfAKilledNodeGoesOnOnTheOtherNodeAsOneCall() throws Exception {
        String call = TestClient.fresh("call");
        try (Nodes.Pair nodes = Nodes.pair("SECUREVOX_CALL_RECONNECT_GRACE", "60s")) {
            ServerProcess a = nodes.a();
            ServerProcess b = nodes.b();
            TestClient alice = TestClient.joined(a, Via.WEBSOCKET, "alice", call);
            TestClient bob = TestClient.joined(a, Via.WEBSOCKET, "bob", call);
            alice.await("participant_joined");
            ServerProcess.await(
                    Duration.ofSeconds(5),
                    "it-a to keep the call's state with bob in it",
                    () -> nodes.redis().command("GET {call:" + call + "}:state").contains("\"bob\""));
            HistoryIT.awaitCall(b, call);
            // What happened before it-a dies is delivered first, by whichever node leads the outbox, and marked
            // delivered too, so that the kill cannot fall between the receipt and the mark: that one event would go
            // again from the new leader (delivery is at least once).
            nodes.awaitDelivered(3);
            // Exactly one of the two delivers the shared outbox.
            assertThat(Stream.of(a, b).filter(CallTakeoverIT::delivers)).hasSize(1);

            a.signal("KILL");
            a.awaitExit(Duration.ofSeconds(10));
            TestClient bobAgain = TestClient.authenticated(b, Via.WEBSOCKET, "bob", call);
            JSONObject bobJoined = Nodes.joinAck(bobAgain, call, Nodes.LAPSE);
            assertThat(bobJoined.optBoolean("ok")).as(bobJoined.toString()).isTrue();
            assertThat(Nodes.userIds(bobJoined)).containsExactly("alice");
            assertThat(Nodes.userIds(bobAgain.await("call_joined").json())).containsExactly("alice");
            TestClient aliceAgain = TestClient.authenticated(b, Via.POLLING, "alice", call);
            JSONObject aliceJoined = Nodes.joinAck(aliceAgain, call, Duration.ofSeconds(5));
            assertThat(Nodes.userIds(aliceJoined)).containsExactly("bob");

            // A reconnection tells nobody: neither hears of the other leaving or joining.
            bobAgain.assertNothing(Duration.ofSeconds(2), "participant_left", "participant_joined");
            aliceAgain.assertNothing(Duration.ofMillis(100), "participant_left", "participant_joined");

            // The call goes on: it ends once both leave, as the one call that began on it-a, its webhooks numbered on
            // without a gap across the takeover, which sends none; one node at a time delivers the shared outbox, the
            // other taking over: each event arrives once.
            nodes.assertEndsAsOneCall(aliceAgain, bobAgain, call);
            assertThat(delivers(b))
                    .as("it-b delivers the outbox once it-a is gone")
                    .isTrue();
            for (TestClient client : new TestClient[] {alice, bob, bobAgain, aliceAgain}) {
                client.close();
            }
        }
    }
}
