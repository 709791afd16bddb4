package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import com.securevox.call.testing.RedisServer;
import java.time.Duration;
import java.util.Map;
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
    private static ServerProcess node(String id, RedisServer redis, PgDatabase database, WebhookReceiver hooks) {
        return Nodes.start(
                id,
                redis,
                database,
                "SECUREVOX_CALL_WEBHOOK_URL",
                hooks.url(),
                "SECUREVOX_CALL_WEBHOOK_SECRET",
                "takeover-it-secret-0123456789",
                "SECUREVOX_CALL_RECONNECT_GRACE",
                "60s");
    }

    /** Whether the node says it delivers the webhook outbox. */
    private static boolean delivers(ServerProcess node) {
        return Http.metricsWithoutNode(node.url()).contains("securevox_webhook_leading 1.0");
    }

    @Test
    void theCallOfAKilledNodeGoesOnOnTheOtherNodeAsOneCall() throws Exception {
        String call = TestClient.fresh("call");
        try (WebhookReceiver hooks = WebhookReceiver.start();
                RedisServer redis = RedisServer.start();
                PgDatabase database = PgDatabase.create();
                ServerProcess a = node("it-a", redis, database, hooks);
                ServerProcess b = node("it-b", redis, database, hooks)) {
            TestClient alice = TestClient.joined(a, Via.WEBSOCKET, "alice", call);
            TestClient bob = TestClient.joined(a, Via.WEBSOCKET, "bob", call);
            alice.await("participant_joined");
            ServerProcess.await(
                    Duration.ofSeconds(5),
                    "it-a to keep the call's state with bob in it",
                    () -> redis.command("GET {call:" + call + "}:state").contains("\"bob\""));
            HistoryIT.awaitCall(b, call);
            // What happened before it-a dies is delivered first, by whichever node leads the outbox.
            ServerProcess.await(Duration.ofSeconds(10), "3 webhooks", () -> hooks.count() >= 3);
            // Marked delivered too, so that the kill cannot fall between the receipt and the mark: that one event
            // would go again from the new leader (delivery is at least once).
            ServerProcess.await(Duration.ofSeconds(10), "no pending webhook", () -> HistoryIT.api(
                            b, "/api/webhooks/deliveries?status=pending")
                    .getJSONArray("deliveries")
                    .isEmpty());
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

            // The call goes on: it ends once both leave, as the one call that began on it-a.
            aliceAgain.call("leave_call", new JSONObject().put("sessionId", call));
            bobAgain.await("participant_left");
            bobAgain.call("leave_call", new JSONObject().put("sessionId", call));
            JSONObject ended = HistoryIT.awaitEndedCall(b, "userId=bob", call);
            assertThat(ended.getInt("peakParticipants")).isEqualTo(2);
            long calls = HistoryIT.api(b, "/api/calls?userId=bob").getJSONArray("calls").toList().stream()
                    .filter(c -> call.equals(((Map<?, ?>) c).get("sessionId")))
                    .count();
            assertThat(calls).as("calls recorded for " + call).isEqualTo(1);
            // The webhooks of one call, numbered on without a gap across the takeover, which sends none.
            ServerProcess.await(Duration.ofSeconds(30), "6 webhooks", () -> hooks.count() >= 6);
            assertThat(delivers(b))
                    .as("it-b delivers the outbox once it-a is gone")
                    .isTrue();
            // One node at a time delivers the shared outbox, the other taking over: each event arrives once.
            assertThat(hooks.sequenceOf(call))
                    .containsExactly(
                            "1 call.started",
                            "2 participant.joined",
                            "3 participant.joined",
                            "4 participant.left",
                            "5 participant.left",
                            "6 call.ended");
            for (TestClient client : new TestClient[] {alice, bob, bobAgain, aliceAgain}) {
                client.close();
            }
        }
    }
}
