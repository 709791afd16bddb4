package com.securevox.call.it;

import static com.securevox.call.it.Replies.assertOk;
import static com.securevox.call.it.TestClient.fresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A ring's outcomes in the call's webhook stream, black box: the real jar rings device connections of the official
 * Java client and posts to a real receiver, which checks every signature and the call's numbering.
 */
class RingWebhooksIT {
    private static final String SECRET = "ring-webhooks-it-secret-0123456789";
    // Long enough for a short call to begin and end while a group ring still rings.
    private static final Duration RING_TIMEOUT = Duration.ofSeconds(8);

    private static HttpServer receiver;
    private static ServerProcess server;
    /** Each delivery as the receiver saw it: its signature header and body. */
    private static final List<String[]> received = new ArrayList<>();

    private final List<TestClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (received) {
                received.add(new String[] {exchange.getRequestHeaders().getFirst("X-SecureVOX-Signature"), body});
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        server = ServerProcess.start(Map.of(
                "SECUREVOX_CALL_RING_TIMEOUT",
                RING_TIMEOUT.toSeconds() + "s",
                "SECUREVOX_CALL_RECONNECT_GRACE",
                "1s",
                "SECUREVOX_CALL_WEBHOOK_URL",
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks",
                "SECUREVOX_CALL_WEBHOOK_SECRET",
                SECRET));
    }

    @AfterAll
    static void stop() {
        ServerProcess.close(server);
        receiver.stop(0);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(TestClient::close);
    }

    private TestClient device(String userId, Via via) {
        TestClient client = TestClient.connect(server.url(), via, RingingIT.userToken(server, userId));
        clients.add(client);
        client.await("authenticated");
        return client;
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void anAcceptedRingComesBeforeItsCallInOneNumberedSignedStream(Via via) {
        String alice = fresh("alice");
        String bob = fresh("bob");
        TestClient caller = device(alice, via);
        TestClient phone = device(bob, via);
        JSONObject invited = assertOk(caller.call(
                "call_invite",
                new JSONObject().put("to", new JSONArray().put(bob)).put("media", "audio")));
        String sessionId = invited.getString("sessionId");
        phone.await("incoming_call");
        assertOk(phone.call("call_accept", new JSONObject().put("sessionId", sessionId)));
        caller.join(new JSONObject().put("sessionId", sessionId));
        phone.join(new JSONObject().put("sessionId", sessionId));

        List<JSONObject> events = eventsOf(sessionId, 5);

        assertThat(describe(events))
                .containsExactly(
                        "call.invited " + alice,
                        "invite.accepted " + bob,
                        "call.started -",
                        "participant.joined " + alice,
                        "participant.joined " + bob);
        JSONObject ring = events.get(0).getJSONObject("data");
        assertThat(ring.getString("ringId")).isEqualTo(invited.getString("ringId"));
        assertThat(ring.getString("media")).isEqualTo("audio");
        assertThat(ring.getString("expiresAt")).isNotBlank();
        assertThat(ring.getJSONArray("invitees").toList()).containsExactly(Map.of("userId", bob, "state", "ringing"));
        assertThat(events.get(1).getJSONObject("data").getString("ringId")).isEqualTo(invited.getString("ringId"));
        assertThat(events.get(1).getJSONObject("data").getString("via")).isEqualTo("socket");

        caller.close();
        phone.close();
        List<JSONObject> all = eventsOf(sessionId, 8);
        assertThat(all.get(7).getString("type")).isEqualTo("call.ended");
        assertThat(all).extracting(e -> e.getLong("sequence")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);

        // The history shows the call's ring with bob's outcome.
        JSONObject[] detail = new JSONObject[1];
        ServerProcess.await(Duration.ofSeconds(20), "the ring in the history of " + sessionId, () -> {
            Http.Response response = Http.get(
                    server.url() + "/api/calls/" + sessionId, "Authorization", "Bearer " + ServerProcess.API_KEY);
            detail[0] = response.status() == 200 ? response.json() : null;
            return detail[0] != null && detail[0].has("ring") && !detail[0].isNull("endedAt");
        });
        JSONObject history = detail[0].getJSONObject("ring");
        assertThat(history.getString("ringId")).isEqualTo(invited.getString("ringId"));
        assertThat(history.getString("from")).isEqualTo(alice);
        assertThat(history.getString("media")).isEqualTo("audio");
        assertThat(history.getLong("endedAt")).isGreaterThanOrEqualTo(history.getLong("createdAt"));
        JSONArray invitees = history.getJSONArray("invitees");
        assertThat(invitees.length()).isEqualTo(1);
        assertThat(invitees.getJSONObject(0).getString("userId")).isEqualTo(bob);
        assertThat(invitees.getJSONObject(0).getString("state")).isEqualTo("accepted");
        assertThat(invitees.getJSONObject(0).getLong("at")).isGreaterThanOrEqualTo(history.getLong("createdAt"));
    }

    @Test
    void aGroupRingsMixedOutcomesAreEachAnEventInTheOrderTheyHappened() {
        String alice = fresh("alice");
        String bob = fresh("bob");
        String carol = fresh("carol");
        String dave = fresh("dave");
        String erin = fresh("erin");
        String frank = fresh("frank");
        TestClient caller = device(alice, Via.WEBSOCKET);
        TestClient bobs = device(bob, Via.WEBSOCKET);
        TestClient carols = device(carol, Via.POLLING);
        TestClient daves = device(dave, Via.WEBSOCKET);
        device(erin, Via.WEBSOCKET);
        JSONObject invited = assertOk(caller.call(
                "call_invite",
                new JSONObject()
                        .put("to", new JSONArray(List.of(bob, carol, dave, erin, frank)))
                        .put("media", "video")));
        String sessionId = invited.getString("sessionId");

        assertOk(bobs.call("call_accept", new JSONObject().put("sessionId", sessionId)));
        assertOk(carols.call("call_decline", new JSONObject().put("sessionId", sessionId)));
        assertOk(daves.call(
                "call_decline", new JSONObject().put("sessionId", sessionId).put("reason", "busy")));
        List<JSONObject> events = eventsOf(sessionId, 6);

        // Frank has no device: unreachable as soon as the push side answers, which may be before or after the rest.
        assertThat(describe(events)).contains("invite.unreachable " + frank);
        assertThat(describe(events).stream()
                        .filter(e -> !e.startsWith("invite.unreachable"))
                        .toList())
                .containsExactly(
                        "call.invited " + alice,
                        "invite.accepted " + bob,
                        "invite.declined " + carol,
                        "invite.busy " + dave,
                        "invite.missed " + erin);
        JSONArray first = events.get(0).getJSONObject("data").getJSONArray("invitees");
        assertThat(first.length()).isEqualTo(5);
        for (int i = 0; i < 4; i++) {
            assertThat(first.getJSONObject(i).getString("state")).isEqualTo("ringing");
        }
        assertThat(first.getJSONObject(4).getString("userId")).isEqualTo(frank);
        assertThat(first.getJSONObject(4).getString("state")).isIn("calling", "unreachable");
        assertThat(events).extracting(e -> e.getLong("sequence")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void anAcceptOverRestAndACancelAreEventsLikeAnyOther() {
        String alice = fresh("alice");
        String bob = fresh("bob");
        String carol = fresh("carol");
        TestClient caller = device(alice, Via.POLLING);
        device(bob, Via.WEBSOCKET);
        device(carol, Via.WEBSOCKET);
        JSONObject invited = assertOk(caller.call(
                "call_invite",
                new JSONObject().put("to", new JSONArray(List.of(bob, carol))).put("media", "video")));
        String sessionId = invited.getString("sessionId");

        Http.Response accepted = Http.post(
                server.url() + "/api/rings/" + sessionId + "/accept",
                "",
                "Authorization",
                "Bearer " + RingingIT.userToken(server, bob));
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(200);
        assertOk(caller.call("call_cancel", new JSONObject().put("sessionId", sessionId)));

        List<JSONObject> events = eventsOf(sessionId, 3);
        assertThat(describe(events))
                .containsExactly("call.invited " + alice, "invite.accepted " + bob, "invite.cancelled " + carol);
        assertThat(events)
                .extracting(e -> e.getJSONObject("data").getString("ringId"))
                .containsOnly(invited.getString("ringId"));
        assertThat(events.get(1).getJSONObject("data").getString("via")).isEqualTo("rest");
        assertThat(events.get(2).getJSONObject("data").has("via")).isFalse();
    }

    @Test
    void twoPeopleCallingEachOtherIsAnAcceptViaGlare() {
        String alice = fresh("alice");
        String bob = fresh("bob");
        TestClient alices = device(alice, Via.WEBSOCKET);
        TestClient bobs = device(bob, Via.POLLING);
        JSONObject invited = assertOk(alices.call(
                "call_invite",
                new JSONObject().put("to", new JSONArray().put(bob)).put("media", "audio")));
        JSONObject glare = assertOk(bobs.call(
                "call_invite",
                new JSONObject().put("to", new JSONArray().put(alice)).put("media", "audio")));
        String sessionId = invited.getString("sessionId");
        assertThat(glare.getString("sessionId")).isEqualTo(sessionId);

        List<JSONObject> events = eventsOf(sessionId, 2);

        assertThat(describe(events)).containsExactly("call.invited " + alice, "invite.accepted " + bob);
        assertThat(events.get(1).getJSONObject("data").getString("via")).isEqualTo("glare");
    }

    @Test
    void anOutcomeAfterTheCallEndedContinuesThatCallsStreamAndTheListShowsTheRing() {
        String alice = fresh("alice");
        String bob = fresh("bob");
        String carol = fresh("carol");
        TestClient caller = device(alice, Via.POLLING);
        TestClient bobs = device(bob, Via.WEBSOCKET);
        device(carol, Via.WEBSOCKET);
        JSONObject invited = assertOk(caller.call(
                "call_invite",
                new JSONObject().put("to", new JSONArray(List.of(bob, carol))).put("media", "video")));
        String sessionId = invited.getString("sessionId");
        assertOk(bobs.call("call_accept", new JSONObject().put("sessionId", sessionId)));
        caller.join(new JSONObject().put("sessionId", sessionId));
        bobs.join(new JSONObject().put("sessionId", sessionId));
        assertOk(bobs.call("leave_call", new JSONObject().put("sessionId", sessionId)));
        assertOk(caller.call("leave_call", new JSONObject().put("sessionId", sessionId)));

        // Everyone left while carol's phone still rang: her ring times out after call.ended.
        List<JSONObject> events = eventsOf(sessionId, 9);

        assertThat(describe(events).subList(6, 9))
                .containsExactly("participant.left " + alice, "call.ended -", "invite.missed " + carol);
        assertThat(events).extracting(e -> e.getLong("sequence")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(events.get(8).getJSONObject("data").getString("ringId")).isEqualTo(invited.getString("ringId"));

        // The list shows the call with its ring, as the call's own page does.
        JSONObject[] listed = new JSONObject[1];
        ServerProcess.await(Duration.ofSeconds(20), "the ring of " + sessionId + " in the list", () -> {
            Http.Response response = Http.get(
                    server.url() + "/api/calls?userId=" + alice, "Authorization", "Bearer " + ServerProcess.API_KEY);
            listed[0] = null;
            if (response.status() == 200) {
                for (Object call : response.json().getJSONArray("calls")) {
                    JSONObject c = (JSONObject) call;
                    if (c.getString("sessionId").equals(sessionId)
                            && c.has("ring")
                            && !c.getJSONObject("ring").isNull("endedAt")) {
                        listed[0] = c;
                    }
                }
            }
            return listed[0] != null;
        });
        JSONObject ring = listed[0].getJSONObject("ring");
        assertThat(ring.getString("ringId")).isEqualTo(invited.getString("ringId"));
        assertThat(ring.getString("from")).isEqualTo(alice);
        assertThat(ring.getJSONArray("invitees").toList())
                .extracting(i -> ((Map<?, ?>) i).get("userId") + ":" + ((Map<?, ?>) i).get("state"))
                .containsExactly(bob + ":accepted", carol + ":missed");
        JSONObject detail = Http.get(
                        server.url() + "/api/calls/" + sessionId, "Authorization", "Bearer " + ServerProcess.API_KEY)
                .json();
        assertThat(detail.getJSONObject("ring").similar(ring)).isTrue();
    }

    @Test
    void peopleAddedToACallAreARingOfItsOwnInThatCallsStreamAndHistory() {
        String alice = fresh("alice");
        String bob = fresh("bob");
        String carol = fresh("carol");
        TestClient caller = device(alice, Via.WEBSOCKET);
        TestClient bobs = device(bob, Via.POLLING);
        TestClient carols = device(carol, Via.WEBSOCKET);
        JSONObject invited = assertOk(caller.call(
                "call_invite",
                new JSONObject().put("to", new JSONArray().put(bob)).put("media", "video")));
        String sessionId = invited.getString("sessionId");
        assertOk(bobs.call("call_accept", new JSONObject().put("sessionId", sessionId)));
        caller.join(new JSONObject().put("sessionId", sessionId));
        bobs.join(new JSONObject().put("sessionId", sessionId));
        eventsOf(sessionId, 5);

        JSONObject added = assertOk(bobs.call(
                "call_invite",
                new JSONObject()
                        .put("to", new JSONArray().put(carol))
                        .put("sessionId", sessionId)
                        .put("media", "audio")));
        assertOk(carols.call("call_accept", new JSONObject().put("sessionId", sessionId)));
        carols.join(new JSONObject().put("sessionId", sessionId));

        List<JSONObject> events = eventsOf(sessionId, 8);
        assertThat(describe(events).subList(5, 8))
                .containsExactly("call.invited " + bob, "invite.accepted " + carol, "participant.joined " + carol);
        assertThat(events).extracting(e -> e.getLong("sequence")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        JSONObject addition = events.get(5).getJSONObject("data");
        assertThat(addition.getString("ringId")).isEqualTo(added.getString("ringId"));
        assertThat(addition.getString("addedTo")).isEqualTo(invited.getString("ringId"));
        assertThat(addition.getString("media")).isEqualTo("audio");
        assertThat(addition.getJSONArray("invitees").toList())
                .containsExactly(Map.of("userId", carol, "state", "ringing"));
        assertThat(events.get(0).getJSONObject("data").has("addedTo")).isFalse();

        JSONObject[] detail = new JSONObject[1];
        ServerProcess.await(Duration.ofSeconds(20), "the added ring in the history of " + sessionId, () -> {
            Http.Response response = Http.get(
                    server.url() + "/api/calls/" + sessionId, "Authorization", "Bearer " + ServerProcess.API_KEY);
            detail[0] = response.status() == 200 ? response.json() : null;
            return detail[0] != null
                    && detail[0].has("ring")
                    && detail[0].getJSONObject("ring").getJSONArray("added").length() == 1
                    && !detail[0]
                            .getJSONObject("ring")
                            .getJSONArray("added")
                            .getJSONObject(0)
                            .isNull("endedAt");
        });
        JSONObject ring = detail[0].getJSONObject("ring");
        assertThat(ring.getString("ringId")).isEqualTo(invited.getString("ringId"));
        JSONObject shown = ring.getJSONArray("added").getJSONObject(0);
        assertThat(shown.getString("ringId")).isEqualTo(added.getString("ringId"));
        assertThat(shown.getString("from")).isEqualTo(bob);
        assertThat(shown.has("added")).isFalse();
        assertThat(shown.getJSONArray("invitees").getJSONObject(0).getString("state"))
                .isEqualTo("accepted");
    }

    /**
     * The events of one call as delivered, once {@code count} have come, each checked against its signature; in the
     * order of their sequence (a retried delivery may come late).
     */
    private static List<JSONObject> eventsOf(String sessionId, int count) {
        List<JSONObject> events = new ArrayList<>();
        ServerProcess.await(Duration.ofSeconds(30), count + " events of " + sessionId, () -> {
            events.clear();
            synchronized (received) {
                for (String[] delivery : received) {
                    JSONObject event = new JSONObject(delivery[1]);
                    if (event.getString("sessionId").equals(sessionId)) {
                        String t = delivery[0].substring(2, delivery[0].indexOf(','));
                        assertThat(delivery[0]).isEqualTo("t=" + t + ",v1=" + hmac(t + "." + delivery[1]));
                        events.add(event);
                    }
                }
            }
            return events.size() >= count;
        });
        events.sort((a, b) -> Long.compare(a.getLong("sequence"), b.getLong("sequence")));
        return events;
    }

    /** {@code type userId}: the caller for {@code call.invited}, the invitee or participant, {@code -} for none. */
    private static List<String> describe(List<JSONObject> events) {
        return events.stream()
                .map(e -> {
                    JSONObject data = e.getJSONObject("data");
                    return e.getString("type") + " " + data.optString("userId", data.optString("from", "-"));
                })
                .toList();
    }

    private static String hmac(String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
