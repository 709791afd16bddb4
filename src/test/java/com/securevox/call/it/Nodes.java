package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.testing.RedisServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Server processes as nodes sharing a private Redis and a PostgreSQL database, and what the tests of several nodes ask
 * of them: who holds a call's lease, whether one node lists another as live, a join's acknowledgement.
 */
final class Nodes {
    /** A dead node's lease lapses within its 10 s time to live; a held join waits 11 s. */
    static final Duration LAPSE = Duration.ofSeconds(20);

    private Nodes() {}

    /**
     * Two nodes, {@code it-a} and {@code it-b}, on a private Redis and database of their own and with their webhooks
     * sent to a receiver of their own, with further settings (both nodes') as key, value, key, value…
     */
    static Pair pair(String... keysAndValues) throws IOException {
        WebhookReceiver hooks = WebhookReceiver.start();
        RedisServer redis = null;
        PgDatabase database = null;
        ServerProcess a = null;
        try {
            redis = RedisServer.start();
            database = PgDatabase.create();
            String[] settings = Pair.settings(hooks, keysAndValues);
            a = start("it-a", redis, database, settings);
            return new Pair(hooks, redis, database, a, start("it-b", redis, database, settings));
        } catch (RuntimeException | Error e) {
            // What started before the failure stops, as it would have in the test's own try-with-resources.
            try {
                new Pair(hooks, redis, database, a, null).close();
            } catch (RuntimeException | Error closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** A node {@code id} on {@code redis} and {@code database}, with further settings as key, value, key, value… */
    static ServerProcess start(String id, RedisServer redis, PgDatabase database, String... keysAndValues) {
        return ServerProcess.start(settings(id, redis, database, keysAndValues));
    }

    /**
     * The settings of a node {@code id} on {@code redis} and {@code database}, with further settings as key, value,
     * key, value…: for a node started another way ({@link SfuServers}, with its Janus).
     */
    static Map<String, String> settings(String id, RedisServer redis, PgDatabase database, String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keysAndValues: " + keysAndValues.length + " (expected: pairs)");
        }
        Map<String, String> settings = new HashMap<>();
        settings.put("SECUREVOX_CALL_REDIS_URL", redis.url());
        settings.put("SECUREVOX_CALL_DATABASE_URL", database.url());
        settings.put("SECUREVOX_CALL_NODE_ID", id);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return settings;
    }

    /** The owner value of the call's lease, such as {@code it-a:1}; null when nobody holds it. */
    static String owner(RedisServer redis, String call) {
        String reply = redis.command("GET {call:" + call + "}:owner");
        return reply.startsWith("$-1") ? null : reply.substring(reply.indexOf('\n') + 1);
    }

    /** Waits until {@code observer} lists {@code node} among the live nodes: only then does it proxy to it. */
    static void awaitListed(ServerProcess observer, String node) {
        ServerProcess.await(Duration.ofSeconds(15), observer.url() + " to list " + node, () -> nodeIds(
                        Http.get(observer.url() + "/health").json().optJSONArray("nodes"))
                .contains(node));
    }

    /** The {@code id} of each entry of a {@code nodes} array; none when it is absent. */
    static List<String> nodeIds(JSONArray nodes) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; nodes != null && i < nodes.length(); i++) {
            ids.add(nodes.getJSONObject(i).getString("id"));
        }
        return ids;
    }

    /** The acknowledgement of {@code client}'s join of {@code call}, waiting at most {@code within}. */
    static JSONObject joinAck(TestClient client, String call, Duration within) throws Exception {
        CompletableFuture<JSONObject> ack = client.send("join_call", new JSONObject().put("sessionId", call));
        return ack.get(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The user ids of a {@code call_joined} or join acknowledgement's {@code participants}. */
    static List<String> userIds(JSONObject joined) {
        List<String> users = new ArrayList<>();
        for (Object p : joined.getJSONArray("participants")) {
            users.add(((JSONObject) p).getString("userId"));
        }
        return users;
    }

    /**
     * What the backend's (or the dashboard's) mute of {@code userId}'s audio makes the call's members see: the target
     * is asked to mute, by {@code api}, and another member sees the target's new state.
     */
    static void assertMutedByApi(TestClient target, TestClient other, String call, String userId) {
        assertThat(target.await("mute_request").json().toMap())
                .isEqualTo(Map.of("sessionId", call, "kind", "audio", "by", "api"));
        assertThat(other.await("participant_updated")
                        .json()
                        .getJSONObject("participant")
                        .getString("userId"))
                .isEqualTo(userId);
    }

    /** What removing {@code userId} over the API makes the call's members see: it is told, the others see it kicked. */
    static void assertRemovedByApi(TestClient target, TestClient other, String call, String userId) {
        assertThat(target.await("removed").json().toMap()).isEqualTo(Map.of("sessionId", call, "by", "api"));
        assertThat(other.await("participant_left").json().toMap())
                .isEqualTo(Map.of("sessionId", call, "userId", userId, "reason", "kicked"));
    }

    /**
     * The set-up of the tests in which a call leaves the node serving it ({@code a}, killed or drained) and goes on on
     * the other ({@code b}): the two nodes, what they share, and what those tests check of the call there. Closing it
     * stops the nodes, then drops the database, stops Redis and the receiver, each even when one before it fails.
     */
    record Pair(WebhookReceiver hooks, RedisServer redis, PgDatabase database, ServerProcess a, ServerProcess b)
            implements AutoCloseable {
        /** The nodes sign their webhooks, which the receiver does not check: any secret of 16 bytes or more. */
        private static final String WEBHOOK_SECRET = "two-nodes-it-secret-0123456789";

        private static String[] settings(WebhookReceiver hooks, String... keysAndValues) {
            List<String> settings = new ArrayList<>(List.of(
                    "SECUREVOX_CALL_WEBHOOK_URL", hooks.url(), "SECUREVOX_CALL_WEBHOOK_SECRET", WEBHOOK_SECRET));
            settings.addAll(List.of(keysAndValues));
            return settings.toArray(String[]::new);
        }

        /** Waits until {@code count} webhooks have arrived and {@code b} lists none as still pending. */
        void awaitDelivered(int count) {
            ServerProcess.await(Duration.ofSeconds(10), count + " webhooks", () -> hooks.count() >= count);
            ServerProcess.await(Duration.ofSeconds(10), "no pending webhook", () -> HistoryIT.api(
                            b, "/api/webhooks/deliveries?status=pending")
                    .getJSONArray("deliveries")
                    .isEmpty());
        }

        /** How many calls of that session id {@code b}'s history lists for {@code userId}: one unless it split. */
        long callsRecorded(String userId, String call) {
            return HistoryIT.api(b, "/api/calls?userId=" + userId).getJSONArray("calls").toList().stream()
                    .filter(c -> call.equals(((Map<?, ?>) c).get("sessionId")))
                    .count();
        }

        /**
         * That the call alice and bob came back to on {@code b} ends, once alice leaves and then bob, as the one call
         * that began on {@code a}: one call in the history, two at its peak, and its webhooks numbered on without a
         * gap (the move from one node to the other sends none), each arriving once. The ended call from the history.
         */
        JSONObject assertEndsAsOneCall(TestClient alice, TestClient bob, String call) {
            alice.call("leave_call", new JSONObject().put("sessionId", call));
            bob.await("participant_left");
            bob.call("leave_call", new JSONObject().put("sessionId", call));
            JSONObject ended = HistoryIT.awaitEndedCall(b, "userId=bob", call);
            assertThat(ended.getInt("peakParticipants")).isEqualTo(2);
            assertThat(callsRecorded("bob", call))
                    .as("calls recorded for " + call)
                    .isEqualTo(1);
            ServerProcess.await(Duration.ofSeconds(30), "6 webhooks", () -> hooks.count() >= 6);
            assertThat(hooks.sequenceOf(call))
                    .containsExactly(
                            "1 call.started",
                            "2 participant.joined",
                            "3 participant.joined",
                            "4 participant.left",
                            "5 participant.left",
                            "6 call.ended");
            return ended;
        }

        @Override
        public void close() {
            // In the reverse order, each even when one before it fails, as a test's own try-with-resources; a resource
            // that is null (never started) is skipped.
            try (hooks;
                    redis;
                    database;
                    a;
                    b) {
                // nothing more to do than close them
            }
        }
    }
}
