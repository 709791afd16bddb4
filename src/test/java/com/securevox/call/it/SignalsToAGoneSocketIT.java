package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Received;
import com.securevox.call.it.TestClient.Via;
import com.securevox.call.testing.RedisServer;
import com.securevox.call.testing.TcpRelay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * A signal the serving node sends a proxied socket just as its edge closed it (issue 15, the race behind a lost signal
 * in the fault suite): the edge sends it back, and the member's return gets it, once and in order. Made certain rather
 * than left to timing: node A, which serves the call, reaches Redis through a relay that the test pauses, so what A
 * relays to bob's socket on node B waits in A's queue while bob's socket goes and B tells A so; once the relay goes on,
 * those signals reach B after bob's socket is gone.
 */
class SignalsToAGoneSocketIT {
    private static final int SENT_BEFORE = 30;
    private static final int SENT_AFTER = 20;

    private static ServerProcess node(String id, RedisServer redis, PgDatabase database, String redisUrl) {
        return Nodes.start(
                id,
                redis,
                database,
                "SECUREVOX_CALL_REDIS_URL",
                redisUrl,
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

    private static void send(TestClient alice, int from, int to) {
        for (int n = from; n < to; n++) {
            JSONObject ack = alice.call(
                    "ice_candidate", new JSONObject().put("to", "bob").put("candidate", candidate(n)));
            assertThat(ack.optBoolean("ok")).as(ack.toString()).isTrue();
        }
    }

    /** How many entries of {@code type} node {@code id}'s inbox holds. */
    private static int inInbox(RedisServer redis, String id, String type) {
        String entries = redis.command("XRANGE {inbox:" + id + "} - +");
        String field = "\r\n" + type + "\r\n";
        int count = 0;
        for (int at = entries.indexOf(field); at >= 0; at = entries.indexOf(field, at + 1)) {
            count++;
        }
        return count;
    }

    @Test
    void aSignalForASocketItsEdgeClosedReachesTheMembersReturnOnceAndInOrder() throws Exception {
        String call = TestClient.fresh("call");
        try (RedisServer redis = RedisServer.start();
                TcpRelay link = new TcpRelay(redis.port());
                PgDatabase database = PgDatabase.create();
                ServerProcess a = node("it-a", redis, database, "redis://127.0.0.1:" + link.port());
                ServerProcess b = node("it-b", redis, database, redis.url())) {
            TestClient alice = TestClient.joined(a, Via.WEBSOCKET, "alice", call);
            assertThat(Nodes.owner(redis, call)).isEqualTo("it-a:1");
            Nodes.awaitListed(b, "it-a");
            TestClient bob = TestClient.authenticated(b, Via.WEBSOCKET, "bob", call);
            JSONObject joined = Nodes.joinAck(bob, call, Duration.ofSeconds(5));
            assertThat(joined.optBoolean("ok")).as(joined.toString()).isTrue();
            alice.await("participant_joined");

            // A's link to Redis hangs: what A relays to bob waits in its queue to B.
            link.pause();
            send(alice, 0, SENT_BEFORE);
            // Bob's socket goes; B tells A, whose inbox keeps it until A reads again.
            int disconnectsBefore = inInbox(redis, "it-a", "disconnected");
            bob.close();
            ServerProcess.await(
                    Duration.ofSeconds(10),
                    "B to tell A that bob's socket went",
                    () -> inInbox(redis, "it-a", "disconnected") > disconnectsBefore);
            link.resume();

            // A's queued signals reach B after bob's socket went: B sends every one back.
            ServerProcess.await(
                    Duration.ofSeconds(20),
                    "B to send back the " + SENT_BEFORE + " signals for bob's closed socket",
                    () -> inInbox(redis, "it-a", "bounced") == SENT_BEFORE);
            // These A keeps for bob itself, after those that came back.
            send(alice, SENT_BEFORE, SENT_BEFORE + SENT_AFTER);

            TestClient bobAgain = TestClient.authenticated(b, Via.WEBSOCKET, "bob", call);
            JSONObject back = Nodes.joinAck(bobAgain, call, Duration.ofSeconds(10));
            assertThat(back.optBoolean("ok")).as(back.toString()).isTrue();
            alice.assertNothing(Duration.ofMillis(500), "participant_left", "participant_joined");

            List<Received> got = bobAgain.await("ice_candidate", SENT_BEFORE + SENT_AFTER, Duration.ofSeconds(20));
            List<Integer> numbers = new ArrayList<>();
            List<Integer> expected = new ArrayList<>();
            for (Received r : got) {
                assertThat(r.json().getString("from")).isEqualTo("alice");
                String line = r.json().getJSONObject("candidate").getString("candidate");
                numbers.add(Integer.parseInt(line.substring("candidate:".length(), line.indexOf(' '))));
            }
            for (int n = 0; n < SENT_BEFORE + SENT_AFTER; n++) {
                expected.add(n);
            }
            assertThat(numbers).containsExactlyElementsOf(expected);
            bobAgain.assertNothing(Duration.ofMillis(500), "ice_candidate");

            alice.close();
            bobAgain.close();
        }
    }
}
