package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Received;
import com.securevox.call.it.TestClient.Via;
import com.securevox.call.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Members of one call on different nodes (issue 15): two server processes share a private Redis and a PostgreSQL
 * database; alice joins through node A, which then serves the call, and bob through node B, which proxies his socket to
 * A over the node bus. Each sees the other as on one node, signals arrive complete and in order both ways, acks and
 * leaves cross, bob's dropped socket is in reconnect grace on A, and when A is killed B closes bob's socket, after which
 * the call goes on at B.
 */
class CallProxiedAcrossNodesIT {
    private static final int SIGNALS = 500;

    private static ServerProcess node(String id, RedisServer redis, PgDatabase database) {
        return Nodes.start(
                id,
                redis,
                database,
                "SECUREVOX_CALL_RECONNECT_GRACE",
                "60s",
                "SECUREVOX_CALL_EVENT_RATE",
                "10000",
                "SECUREVOX_CALL_EVENT_BURST",
                "100000");
    }

    private static JSONObject candidate(int n) {
        return new JSONObject()
                .put("candidate", "candidate:" + n + " 1 udp 2122260223 192.0.2.10 54321 typ host")
                .put("sdpMid", "0")
                .put("sdpMLineIndex", 0);
    }

    /** Sends {@link #SIGNALS} numbered candidates from one to the other; checks they arrive all, once, in order. */
    private static void signals(TestClient from, String fromUser, TestClient to, String toUser) {
        for (int n = 0; n < SIGNALS; n++) {
            from.emit("ice_candidate", new JSONObject().put("to", toUser).put("candidate", candidate(n)));
        }
        List<Received> got = to.await("ice_candidate", SIGNALS, Duration.ofSeconds(30));
        List<String> numbers = new ArrayList<>();
        for (Received r : got) {
            assertThat(r.json().getString("from")).isEqualTo(fromUser);
            String line = r.json().getJSONObject("candidate").getString("candidate");
            numbers.add(line.substring("candidate:".length(), line.indexOf(' ')));
        }
        List<String> expected = new ArrayList<>();
        for (int n = 0; n < SIGNALS; n++) {
            expected.add(Integer.toString(n));
        }
        assertThat(numbers).containsExactlyElementsOf(expected);
        to.assertNothing(Duration.ofMillis(300), "ice_candidate");
    }

    @Test
    void membersOfOneCallOnTwoNodesAreOneCall() throws Exception {
        String call = TestClient.fresh("call");
        try (RedisServer redis = RedisServer.start();
                PgDatabase database = PgDatabase.create();
                ServerProcess a = node("it-a", redis, database);
                ServerProcess b = node("it-b", redis, database)) {
            TestClient alice = TestClient.joined(a, Via.WEBSOCKET, "alice", call);
            assertThat(Nodes.owner(redis, call)).isEqualTo("it-a:1");
            // B must list A among the live nodes, or it would wait for A's lease as for a dead node's.
            Nodes.awaitListed(b, "it-a");

            // Bob reaches B: his join is proxied to A, which serves the call, and answers at once.
            TestClient bob = TestClient.authenticated(b, Via.POLLING, "bob", call);
            JSONObject joined = Nodes.joinAck(bob, call, Duration.ofSeconds(5));
            assertThat(joined.optBoolean("ok")).as(joined.toString()).isTrue();
            assertThat(Nodes.userIds(joined)).containsExactly("alice");
            assertThat(Nodes.userIds(bob.await("call_joined").json())).containsExactly("alice");
            assertThat(alice.await("participant_joined")
                            .json()
                            .getJSONObject("participant")
                            .getString("userId"))
                    .isEqualTo("bob");
            assertThat(Nodes.owner(redis, call)).isEqualTo("it-a:1");

            signals(alice, "alice", bob, "bob");
            signals(bob, "bob", alice, "alice");

            JSONObject muted = bob.call("mute_audio", new JSONObject().put("muted", true));
            assertThat(muted.getBoolean("ok")).as(muted.toString()).isTrue();
            assertThat(muted.getJSONObject("participant").getString("userId")).isEqualTo("bob");
            assertThat(muted.getJSONObject("participant").getBoolean("audioMuted"))
                    .isTrue();
            assertThat(alice.await("participant_updated").json().toString()).contains("\"bob\"");

            // Bob's socket drops: on A he is in reconnect grace, and his new socket through B takes his place.
            bob.close();
            TestClient bobAgain = TestClient.authenticated(b, Via.WEBSOCKET, "bob", call);
            JSONObject back = Nodes.joinAck(bobAgain, call, Duration.ofSeconds(5));
            assertThat(back.optBoolean("ok")).as(back.toString()).isTrue();
            assertThat(Nodes.userIds(back)).containsExactly("alice");
            alice.assertNothing(Duration.ofSeconds(1), "participant_left", "participant_joined");

            // A leave crosses too.
            JSONObject left = bobAgain.call("leave_call", new JSONObject().put("sessionId", call));
            assertThat(left.getBoolean("ok")).as(left.toString()).isTrue();
            JSONObject gone = alice.await("participant_left").json();
            assertThat(gone.getString("userId")).isEqualTo("bob");
            assertThat(gone.getString("reason")).isEqualTo("left");
            TestClient bobThird = TestClient.joined(b, Via.WEBSOCKET, "bob", call);
            alice.await("participant_joined");

            // A dies: B sees it leave the live nodes and closes bob's socket, without a Socket.IO disconnect.
            a.signal("KILL");
            a.awaitExit(Duration.ofSeconds(10));
            Received closed = bobThird.await("disconnect", Duration.ofSeconds(15));
            // A lost transport, which clients reconnect after; not "io server disconnect", after which they do not.
            assertThat(String.valueOf(closed.payload())).isIn("transport close", "transport error");

            // Bob comes back through B, which no longer lists A: once A's lease lapses, B takes the call over.
            TestClient bobLast = TestClient.authenticated(b, Via.WEBSOCKET, "bob", call);
            JSONObject resumed = Nodes.joinAck(bobLast, call, Nodes.LAPSE);
            assertThat(resumed.optBoolean("ok")).as(resumed.toString()).isTrue();
            assertThat(Nodes.userIds(resumed)).containsExactly("alice");
            assertThat(Nodes.owner(redis, call)).isEqualTo("it-b:2");
            TestClient aliceAgain = TestClient.authenticated(b, Via.WEBSOCKET, "alice", call);
            assertThat(Nodes.userIds(Nodes.joinAck(aliceAgain, call, Duration.ofSeconds(5))))
                    .containsExactly("bob");
            bobLast.assertNothing(Duration.ofSeconds(1), "participant_left", "participant_joined");
            signals(aliceAgain, "alice", bobLast, "bob");

            for (TestClient client : new TestClient[] {alice, bobAgain, bobThird, bobLast, aliceAgain}) {
                client.close();
            }
        }
    }
}
