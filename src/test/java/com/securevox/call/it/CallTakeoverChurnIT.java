package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Fault (a) of issue 15 as a backend sees it: the node serving a call is killed with {@code kill -9} while members
 * keep joining, muting and leaving on it, so the kill falls among writes not yet made (the call's state in Redis, its
 * history rows, its webhook events, each written a moment after the fact and independently). With the shipped reconnect
 * grace, the two members who stay come back through the other node, and the call goes on there. Then the call's
 * webhooks must still tell one consistent story: numbered 1..n without a gap or a number given twice, delivered in
 * that order, each member joined before it is updated or leaves and never joined twice without leaving between, the two
 * who stayed joined once and never reported as gone; and its history must agree with them: one call, and per member
 * as many participation rows as {@code participant.joined} events, each closed with its {@code participant.left}'s
 * reason.
 */
class CallTakeoverChurnIT {
    private static final int CHURNERS = 4;

    @Test
    void aKillAmongJoinsAndLeavesLeavesWebhooksAndHistoryThatAgree() throws Exception {
        String call = TestClient.fresh("call");
        // No SECUREVOX_CALL_RECONNECT_GRACE: the shipped default, which the takeover must fit in.
        try (Nodes.Pair nodes = Nodes.pair()) {
            ServerProcess a = nodes.a();
            ServerProcess b = nodes.b();
            TestClient alice = TestClient.joined(a, Via.WEBSOCKET, "alice", call);
            TestClient bob = TestClient.joined(a, Via.WEBSOCKET, "bob", call);
            alice.await("participant_joined");
            HistoryIT.awaitCall(b, call);

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger rounds = new AtomicInteger();
            List<Thread> churn = new ArrayList<>();
            List<TestClient> churners = new ArrayList<>();
            for (int i = 0; i < CHURNERS; i++) {
                TestClient churner = TestClient.authenticated(a, Via.WEBSOCKET, "churner" + i, call);
                churners.add(churner);
                churn.add(Thread.ofVirtual().start(() -> churn(churner, call, stop, rounds)));
            }
            // Long enough for the churn to be in full swing; a random moment so that runs hit different writes.
            long kill = System.nanoTime()
                    + TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextLong(1_500, 3_000));
            ServerProcess.await(Duration.ofSeconds(10), "the churn to run", () -> System.nanoTime() - kill > 0);
            a.signal("KILL");
            a.awaitExit(Duration.ofSeconds(10));
            stop.set(true);
            for (Thread t : churn) {
                t.join(Duration.ofSeconds(10));
            }
            churners.forEach(TestClient::close);
            assertThat(rounds.get())
                    .as("join, mute, leave rounds before the kill")
                    .isGreaterThan(CHURNERS);

            // Both come back through the other node: their first join waits for the dead node's lease to lapse.
            TestClient bobAgain = TestClient.authenticated(b, Via.WEBSOCKET, "bob", call);
            JSONObject bobJoined = Nodes.joinAck(bobAgain, call, Nodes.LAPSE);
            assertThat(bobJoined.optBoolean("ok")).as(bobJoined.toString()).isTrue();
            long resumedAt = System.nanoTime();
            TestClient aliceAgain = TestClient.authenticated(b, Via.POLLING, "alice", call);
            JSONObject aliceJoined = Nodes.joinAck(aliceAgain, call, Duration.ofSeconds(5));
            assertThat(aliceJoined.optBoolean("ok")).as(aliceJoined.toString()).isTrue();
            // Within the grace the takeover gave them: the call went on for both, each finding the other in it.
            assertThat(Duration.ofNanos(System.nanoTime() - resumedAt)).isLessThan(Duration.ofSeconds(10));
            assertThat(Nodes.userIds(bobJoined)).contains("alice");
            assertThat(Nodes.userIds(aliceJoined)).contains("bob");
            // Neither hears that the other left or came back: a reconnection tells nobody.
            for (TestClient client : List.of(bobAgain, aliceAgain)) {
                assertThat(client.all("participant_left").stream()
                                .map(r -> r.json().getString("userId"))
                                .toList())
                        .doesNotContain("alice", "bob");
                assertThat(client.all("participant_joined")).isEmpty();
            }

            // The call ends once the two leave and the churners the dead node kept in the call are out of their grace.
            aliceAgain.call("leave_call", new JSONObject().put("sessionId", call));
            bobAgain.call("leave_call", new JSONObject().put("sessionId", call));
            ServerProcess.await(Duration.ofSeconds(40), "call.ended", () -> nodes.hooks()
                    .first("call.ended")
                    .isPresent());
            JSONObject ended = HistoryIT.awaitEndedCall(b, "userId=bob", call);
            assertThat(nodes.callsRecorded("bob", call))
                    .as("calls recorded for " + call)
                    .isEqualTo(1);

            // What the takeover had to tell or write depends on where the kill fell: shown for the run's record.
            b.output()
                    .lines()
                    .filter(line -> line.contains("resumed call"))
                    .forEach(line -> System.out.println("it-b: " + line));
            List<JSONObject> events = WebhookStory.check(nodes.hooks().received(), call);
            WebhookStory.assertAgrees(events, ended.getJSONArray("participants"));
            for (TestClient client : new TestClient[] {alice, bob, bobAgain, aliceAgain}) {
                client.close();
            }
        }
    }

    /** Joins, mutes and leaves over and over on the doomed node, until told to stop or the node is gone. */
    private static void churn(TestClient churner, String call, AtomicBoolean stop, AtomicInteger rounds) {
        try {
            while (!stop.get()) {
                if (!ok(churner, "join_call", new JSONObject().put("sessionId", call))
                        || !ok(churner, "mute_audio", new JSONObject().put("muted", true))
                        || !ok(churner, "leave_call", new JSONObject().put("sessionId", call))) {
                    return;
                }
                rounds.incrementAndGet();
            }
        } catch (RuntimeException e) {
            // The node died under it.
        }
    }

    /** Whether the request was acknowledged as ok within a second (false once the node is gone). */
    private static boolean ok(TestClient client, String event, JSONObject payload) {
        try {
            return client.send(event, payload).get(1, TimeUnit.SECONDS).optBoolean("ok");
        } catch (Exception e) {
            return false;
        }
    }

    /** What a backend checks in a call's webhooks, and that the call's history says the same. */
    static final class WebhookStory {
        private WebhookStory() {}

        /**
         * The call's events, each once (a redelivery of an id is dropped: delivery is at least once), after checking
         * that they are numbered 1..n in the order they arrived, begin with {@code call.started}, end with
         * {@code call.ended}, and that each member's events follow joined → (updated)* → left, alice and bob joining
         * once and leaving only as {@code left}.
         */
        static List<JSONObject> check(List<JSONObject> received, String call) {
            Map<String, JSONObject> byId = new LinkedHashMap<>();
            for (JSONObject event : received) {
                assertThat(event.getString("sessionId")).isEqualTo(call);
                JSONObject first = byId.putIfAbsent(event.getString("id"), event);
                if (first != null) {
                    assertThat(first.similar(event))
                            .as("%s redelivered as %s", first, event)
                            .isTrue();
                }
            }
            List<JSONObject> events = List.copyOf(byId.values());
            List<String> story = events.stream()
                    .map(e -> e.getLong("sequence") + " " + e.getString("type") + " "
                            + e.getJSONObject("data").optString("userId"))
                    .toList();
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).getLong("sequence"))
                        .as("event %d of %s", i, story)
                        .isEqualTo(i + 1);
            }
            assertThat(events.getFirst().getString("type")).as(story.toString()).isEqualTo("call.started");
            assertThat(events.getLast().getString("type")).as(story.toString()).isEqualTo("call.ended");
            Set<String> in = new LinkedHashSet<>();
            Map<String, Integer> joins = new LinkedHashMap<>();
            for (JSONObject event : events.subList(1, events.size() - 1)) {
                String type = event.getString("type");
                String user = event.getJSONObject("data").getString("userId");
                String what = event.getLong("sequence") + " " + type + " " + user + " in " + story;
                switch (type) {
                    case "participant.joined" -> {
                        assertThat(in.add(user))
                                .as("joined while in the call: " + what)
                                .isTrue();
                        joins.merge(user, 1, Integer::sum);
                    }
                    case "participant.updated" ->
                        assertThat(in)
                                .as("updated while not in the call: " + what)
                                .contains(user);
                    case "participant.left" -> {
                        assertThat(in.remove(user))
                                .as("left while not in the call: " + what)
                                .isTrue();
                        if (user.equals("alice") || user.equals("bob")) {
                            assertThat(event.getJSONObject("data").getString("reason"))
                                    .as(what)
                                    .isEqualTo("left");
                        }
                    }
                    default -> throw new AssertionError("unexpected event " + what);
                }
            }
            assertThat(in).as("still in the call at call.ended: " + story).isEmpty();
            assertThat(joins).as(story.toString()).containsEntry("alice", 1).containsEntry("bob", 1);
            return events;
        }

        /**
         * Per member, the history's participation rows (in join order) and the webhooks' joins and leaves: as many
         * rows as {@code participant.joined}, the n-th row closed with the n-th {@code participant.left}'s reason.
         */
        static void assertAgrees(List<JSONObject> events, JSONArray rows) {
            Map<String, List<String>> hooked = new LinkedHashMap<>();
            for (JSONObject event : events) {
                if (event.getString("type").equals("participant.left")) {
                    JSONObject data = event.getJSONObject("data");
                    hooked.computeIfAbsent(data.getString("userId"), u -> new ArrayList<>())
                            .add(data.getString("reason"));
                }
            }
            Map<String, List<String>> recorded = new LinkedHashMap<>();
            for (int i = 0; i < rows.length(); i++) {
                JSONObject row = rows.getJSONObject(i);
                recorded.computeIfAbsent(row.getString("userId"), u -> new ArrayList<>())
                        .add(row.getString("leaveReason"));
            }
            assertThat(recorded)
                    .as("history rows' leave reasons per member against the webhooks' participant.left")
                    .isEqualTo(hooked);
        }
    }
}
