package com.securevox.call.it;

import static com.securevox.call.it.Replies.assertCallError;
import static com.securevox.call.it.Replies.assertFailure;
import static com.securevox.call.it.Replies.assertOk;
import static com.securevox.call.it.TestClient.fresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Calling a person, black box, with the official Java client: device connections (user tokens), every outcome of a
 * ring, glare, retries, joining without a call token, the REST twins, and bad input on every new event and route.
 */
class RingingIT {
    /** Short enough that "missed" is quick to see, long enough for an answer on a loaded machine. */
    static final Duration RING_TIMEOUT = Duration.ofSeconds(4);

    static final Duration QUIET = Duration.ofMillis(500);
    static ServerProcess server;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = ServerProcess.start(Map.of(
                "SECUREVOX_CALL_RING_TIMEOUT", RING_TIMEOUT.toSeconds() + "s",
                "SECUREVOX_CALL_RECONNECT_GRACE", "1s",
                "SECUREVOX_CALL_RING_INVITE_RATE", "3"));
    }

    @AfterAll
    static void stop() {
        ServerProcess.close(server);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(TestClient::close);
    }

    static String userToken(String userId) {
        return userToken(server, userId);
    }

    static String userToken(ServerProcess target, String userId) {
        Http.Response response = Http.post(
                target.url() + "/api/user/token",
                new JSONObject().put("userId", userId).toString(),
                "Authorization",
                "Bearer " + ServerProcess.API_KEY);
        assertThat(response.status()).as("user token %s", response).isEqualTo(200);
        return response.json().getString("token");
    }

    /** A device connection of {@code userId}, authenticated. */
    TestClient device(String userId, Via via) {
        TestClient client = TestClient.connect(server.url(), via, userToken(userId));
        clients.add(client);
        JSONObject authenticated = client.await("authenticated").json();
        assertThat(authenticated.getString("scope")).isEqualTo("user");
        assertThat(authenticated.getString("userId")).isEqualTo(userId);
        assertThat(authenticated.isNull("sessionId")).isTrue();
        return client;
    }

    TestClient device(String userId) {
        return device(userId, Via.WEBSOCKET);
    }

    static JSONObject invite(TestClient caller, String... to) {
        return caller.call(
                "call_invite",
                new JSONObject().put("to", new JSONArray(List.of(to))).put("media", "video"));
    }

    static String state(JSONObject ack, String userId) {
        JSONArray invitees = ack.getJSONArray("invitees");
        for (int i = 0; i < invitees.length(); i++) {
            if (invitees.getJSONObject(i).getString("userId").equals(userId)) {
                return invitees.getJSONObject(i).getString("state");
            }
        }
        throw new AssertionError(userId + " not in " + ack);
    }

    static void assertInviteState(TestClient caller, String sessionId, String userId, String state) {
        JSONObject event = caller.await("invite_state").json();
        assertThat(event.toMap()).isEqualTo(Map.of("sessionId", sessionId, "userId", userId, "state", state));
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void answeredOnTheSecondDeviceTheFirstIsToldAndBothSidesJoinWithoutACallToken(Via via) {
        String alice = fresh("alice");
        String bob = fresh("bob");
        TestClient caller = device(alice, via);
        TestClient phone = device(bob, via);
        TestClient laptop = device(bob, via);

        JSONObject invited = assertOk(caller.call(
                "call_invite",
                new JSONObject()
                        .put("to", new JSONArray().put(bob))
                        .put("media", "audio")
                        .put("metadata", new JSONObject().put("name", "Alice"))));
        String sessionId = invited.getString("sessionId");
        assertThat(UUID.fromString(invited.getString("ringId"))).isNotNull();
        assertThat(state(invited, bob)).isEqualTo("ringing");
        assertThat(invited.getString("role")).isEqualTo("host");
        assertThat(invited.getString("token")).isNotBlank();
        assertThat(invited.getJSONArray("iceServers").length()).isPositive();
        assertInviteState(caller, sessionId, bob, "ringing");
        for (TestClient device : List.of(phone, laptop)) {
            JSONObject incoming = device.await("incoming_call").json();
            assertThat(incoming.getString("sessionId")).isEqualTo(sessionId);
            assertThat(incoming.getString("ringId")).isEqualTo(invited.getString("ringId"));
            assertThat(incoming.getJSONObject("from").getString("userId")).isEqualTo(alice);
            assertThat(incoming.getJSONObject("from").getJSONObject("metadata").getString("name"))
                    .isEqualTo("Alice");
            assertThat(incoming.getString("media")).isEqualTo("audio");
            assertThat(incoming.getJSONArray("invitees").toList()).containsExactly(bob);
            assertThat(incoming.getLong("expiresAt")).isEqualTo(invited.getLong("expiresAt"));
        }

        JSONObject accepted = assertOk(laptop.call("call_accept", new JSONObject().put("sessionId", sessionId)));

        assertThat(accepted.getString("state")).isEqualTo("accepted");
        assertThat(accepted.getString("role")).isEqualTo("participant");
        assertThat(accepted.getString("token")).isNotBlank();
        assertThat(accepted.getJSONArray("iceServers").length()).isPositive();
        assertThat(phone.await("incoming_call_ended").json().toMap())
                .isEqualTo(Map.of("sessionId", sessionId, "reason", "answered_elsewhere"));
        laptop.assertNothing(QUIET, "incoming_call_ended");
        assertInviteState(caller, sessionId, bob, "accepted");

        JSONObject hostJoined = caller.join(new JSONObject().put("sessionId", sessionId));
        assertThat(hostJoined.getJSONObject("self").getString("role")).isEqualTo("host");
        JSONObject joined = laptop.join(new JSONObject().put("sessionId", sessionId));
        assertThat(joined.getJSONObject("self").getString("role")).isEqualTo("participant");
        assertThat(caller.await("participant_joined")
                        .json()
                        .getJSONObject("participant")
                        .getString("userId"))
                .isEqualTo(bob);
        // Someone who neither rang nor accepted cannot join on a device connection.
        assertFailure(
                device(fresh("mallory")).call("join_call", new JSONObject().put("sessionId", sessionId)), "FORBIDDEN");
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void someoneInTheCallAddsAPersonWhoIsRungIntoTheSameCall(Via via) {
        String alice = fresh("alice");
        String bob = fresh("bob");
        String carol = fresh("carol");
        TestClient caller = device(alice, via);
        TestClient bobs = device(bob, via);
        TestClient carols = device(carol, via);
        String sessionId = assertOk(invite(caller, bob)).getString("sessionId");
        assertOk(bobs.call("call_accept", new JSONObject().put("sessionId", sessionId)));
        caller.join(new JSONObject().put("sessionId", sessionId));
        bobs.join(new JSONObject().put("sessionId", sessionId));
        assertInviteState(caller, sessionId, bob, "ringing");
        assertInviteState(caller, sessionId, bob, "accepted");

        JSONObject add = new JSONObject()
                .put("to", new JSONArray().put(carol))
                .put("sessionId", sessionId)
                .put("media", "audio")
                .put("metadata", new JSONObject().put("name", "Bob"));
        JSONObject added = assertOk(bobs.call("call_invite", add));

        assertThat(added.getString("sessionId")).isEqualTo(sessionId);
        assertThat(added.getString("role")).as("bob stays a participant").isEqualTo("participant");
        assertThat(added.getString("token")).isNotBlank();
        assertThat(state(added, carol)).isEqualTo("ringing");
        JSONObject incoming = carols.await("incoming_call").json();
        assertThat(incoming.getString("sessionId")).isEqualTo(sessionId);
        assertThat(incoming.getString("ringId")).isEqualTo(added.getString("ringId"));
        assertThat(incoming.getJSONObject("from").getString("userId")).isEqualTo(bob);
        assertThat(incoming.getJSONObject("from").getJSONObject("metadata").getString("name"))
                .isEqualTo("Bob");
        assertThat(incoming.getJSONArray("invitees").toList()).containsExactly(carol);
        // The same invite again is the first answer; anyone invited before, or anyone not in the call, is refused.
        assertThat(assertOk(bobs.call("call_invite", add)).getString("ringId")).isEqualTo(added.getString("ringId"));
        carols.assertNothing(QUIET, "incoming_call");
        assertFailure(
                bobs.call(
                        "call_invite",
                        new JSONObject()
                                .put("to", new JSONArray().put(fresh("dave")).put(alice))
                                .put("sessionId", sessionId)
                                .put("media", "audio")),
                "ALREADY_INVITED");
        TestClient mallory = device(fresh("mallory"), via);
        assertFailure(
                mallory.call(
                        "call_invite",
                        new JSONObject()
                                .put("to", new JSONArray().put(fresh("erin")))
                                .put("sessionId", sessionId)
                                .put("media", "audio")),
                "CONFLICT");

        assertOk(carols.call("call_accept", new JSONObject().put("sessionId", sessionId)));

        // Both the one who added and the caller follow the added person's ring.
        assertInviteState(bobs, sessionId, carol, "ringing");
        assertInviteState(bobs, sessionId, carol, "accepted");
        assertInviteState(caller, sessionId, carol, "ringing");
        assertInviteState(caller, sessionId, carol, "accepted");
        JSONObject joined = carols.join(new JSONObject().put("sessionId", sessionId));
        assertThat(joined.getJSONObject("self").getString("role")).isEqualTo("participant");
        assertThat(joined.getJSONArray("participants").length()).isEqualTo(2);
    }

    @Test
    void declinedAndBusyReachTheCaller() {
        String alice = fresh("alice");
        String bob = fresh("bob");
        TestClient caller = device(alice);
        TestClient phone = device(bob);
        TestClient tablet = device(bob);
        String sessionId = invite(caller, bob).getString("sessionId");
        assertInviteState(caller, sessionId, bob, "ringing");

        JSONObject declined = assertOk(phone.call(
                "call_decline", new JSONObject().put("sessionId", sessionId).put("reason", "busy")));

        assertThat(declined.getString("state")).isEqualTo("busy");
        assertInviteState(caller, sessionId, bob, "busy");
        assertThat(tablet.await("incoming_call_ended").json().getString("reason"))
                .isEqualTo("declined_elsewhere");
        assertFailure(caller.call("join_call", new JSONObject().put("sessionId", "other_" + sessionId)), "FORBIDDEN");
    }

    @Test
    void someoneInACallIsBusy() {
        String bob = fresh("bob");
        String call = fresh("call");
        TestClient inCall = TestClient.joined(server, Via.WEBSOCKET, bob, call);
        clients.add(inCall);
        TestClient phone = device(bob);
        TestClient caller = device(fresh("alice"));

        JSONObject invited = assertOk(invite(caller, bob));

        assertThat(state(invited, bob)).isEqualTo("busy");
        assertInviteState(caller, invited.getString("sessionId"), bob, "busy");
        phone.assertNothing(QUIET, "incoming_call");
    }

    @Test
    void unansweredRingsAreMissedOnEveryDevice() {
        String bob = fresh("bob");
        TestClient caller = device(fresh("alice"));
        TestClient phone = device(bob);
        String sessionId = invite(caller, bob).getString("sessionId");
        assertInviteState(caller, sessionId, bob, "ringing");

        Duration wait = RING_TIMEOUT.plus(TestClient.WAIT);
        assertThat(phone.await("incoming_call_ended", wait).json().getString("reason"))
                .isEqualTo("missed");
        assertThat(caller.await("invite_state", wait).json().getString("state")).isEqualTo("missed");
        assertFailure(phone.call("call_accept", new JSONObject().put("sessionId", sessionId)), "CONFLICT");
        Http.Response status =
                Http.get(server.url() + "/api/rings/" + sessionId, "Authorization", "Bearer " + userToken(bob));
        assertThat(status.json().getString("state")).isEqualTo("missed");
    }

    @Test
    void theCallerCancelsAndNobodyAtAllIsUnreachable() {
        String bob = fresh("bob");
        String nobody = fresh("nobody");
        TestClient caller = device(fresh("alice"));
        TestClient phone = device(bob);
        JSONObject invited = invite(caller, bob, nobody);
        String sessionId = invited.getString("sessionId");
        assertThat(state(invited, nobody)).isEqualTo("unreachable");

        JSONObject cancelled = assertOk(caller.call("call_cancel", new JSONObject().put("sessionId", sessionId)));

        assertThat(cancelled.getString("state")).isEqualTo("cancelled");
        assertThat(phone.await("incoming_call_ended").json().getString("reason"))
                .isEqualTo("cancelled");
        assertThat(caller.call("call_cancel", new JSONObject().put("sessionId", sessionId))
                        .similar(cancelled))
                .isTrue();
        assertFailure(phone.call("call_cancel", new JSONObject().put("sessionId", sessionId)), "FORBIDDEN");
    }

    @Test
    void aGroupRingHasMixedOutcomes() {
        String bob = fresh("bob");
        String carol = fresh("carol");
        String dave = fresh("dave");
        String erin = fresh("erin");
        TestClient caller = device(fresh("alice"));
        TestClient bobs = device(bob);
        TestClient carols = device(carol);
        TestClient daves = device(dave);
        JSONObject invited = invite(caller, bob, carol, dave, erin);
        String sessionId = invited.getString("sessionId");
        assertThat(state(invited, erin)).isEqualTo("unreachable");
        for (TestClient device : List.of(bobs, carols, daves)) {
            assertThat(device.await("incoming_call")
                            .json()
                            .getJSONArray("invitees")
                            .toList())
                    .containsExactly(bob, carol, dave, erin);
        }

        assertOk(bobs.call("call_accept", new JSONObject().put("sessionId", sessionId)));
        assertOk(carols.call("call_decline", new JSONObject().put("sessionId", sessionId)));
        daves.await("incoming_call_ended", RING_TIMEOUT.plus(TestClient.WAIT));

        Http.Response status =
                Http.get(server.url() + "/api/rings/" + sessionId, "Authorization", "Bearer " + userToken(bob));
        assertThat(status.status()).isEqualTo(200);
        List<String> states = new ArrayList<>();
        status.json().getJSONArray("invitees").forEach(i -> states.add(((JSONObject) i).getString("state")));
        assertThat(states).containsExactly("accepted", "declined", "missed", "unreachable");
        assertThat(status.json().getString("state")).isEqualTo("accepted");
    }

    @Test
    void glareMakesOneCall() {
        String alice = fresh("alice");
        String bob = fresh("bob");
        TestClient alices = device(alice);
        TestClient bobs = device(bob);
        String sessionId = invite(alices, bob).getString("sessionId");
        bobs.await("incoming_call");

        JSONObject second = assertOk(invite(bobs, alice));

        assertThat(second.getString("sessionId")).isEqualTo(sessionId);
        assertThat(state(second, alice)).isEqualTo("accepted");
        assertThat(second.getString("role")).isEqualTo("participant");
        assertInviteState(alices, sessionId, bob, "ringing");
        assertInviteState(alices, sessionId, bob, "accepted");
        alices.assertNothing(QUIET, "incoming_call");
    }

    @Test
    void retriesGetTheFirstAnswerAndNobodyIsInvitedTwice() {
        String bob = fresh("bob");
        String carol = fresh("carol");
        TestClient caller = device(fresh("alice"));
        TestClient bobs = device(bob);
        String sessionId = fresh("call");
        JSONObject ask = new JSONObject()
                .put("to", new JSONArray().put(bob))
                .put("sessionId", sessionId)
                .put("media", "video");
        JSONObject first = assertOk(caller.call("call_invite", ask));
        JSONObject again = assertOk(caller.call("call_invite", ask));
        assertThat(again.getString("ringId")).isEqualTo(first.getString("ringId"));
        assertThat(again.getJSONArray("invitees").similar(first.getJSONArray("invitees")))
                .isTrue();
        bobs.await("incoming_call");
        bobs.assertNothing(QUIET, "incoming_call");

        JSONObject declined = assertOk(bobs.call("call_decline", new JSONObject().put("sessionId", sessionId)));
        assertThat(bobs.call("call_decline", new JSONObject().put("sessionId", sessionId))
                        .similar(declined))
                .isTrue();
        assertFailure(bobs.call("call_accept", new JSONObject().put("sessionId", sessionId)), "CONFLICT");
        JSONObject twice = assertFailure(
                caller.call(
                        "call_invite",
                        new JSONObject()
                                .put("to", new JSONArray().put(carol).put(bob))
                                .put("sessionId", sessionId)
                                .put("media", "video")),
                "ALREADY_INVITED");
        assertThat(twice.getString("message")).contains("to[1]: '" + bob + "'");
        // The fourth invite within the minute is one too many (SECUREVOX_CALL_RING_INVITE_RATE=3).
        assertFailure(invite(caller, carol), "RATE_LIMITED");
    }

    @Test
    void aCallerGoneLongerThanTheGraceCancels() {
        String bob = fresh("bob");
        TestClient caller = device(fresh("alice"));
        TestClient phone = device(bob);
        invite(caller, bob);
        phone.await("incoming_call");

        caller.close();

        assertThat(phone.await("incoming_call_ended").json().getString("reason"))
                .isEqualTo("cancelled");
    }

    @Test
    void anAppWokenByAPushAnswersOverRest() {
        String bob = fresh("bob");
        String carol = fresh("carol");
        TestClient caller = device(fresh("alice"));
        TestClient phone = device(bob);
        TestClient carols = device(carol);
        String sessionId = invite(caller, bob, carol).getString("sessionId");
        String base = server.url() + "/api/rings/" + sessionId;

        Http.Response status = Http.get(base, "Authorization", "Bearer " + userToken(bob));
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().getString("state")).isEqualTo("ringing");
        assertThat(status.json().getString("media")).isEqualTo("video");
        Http.Response accepted = Http.post(base + "/accept", "", "Authorization", "Bearer " + userToken(bob));
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(200);
        assertThat(accepted.json().getString("state")).isEqualTo("accepted");
        assertThat(accepted.json().getString("token")).isNotBlank();
        assertThat(phone.await("incoming_call_ended").json().getString("reason"))
                .isEqualTo("answered_elsewhere");
        Http.Response declined = Http.post(
                base + "/decline",
                new JSONObject().put("reason", "declined").toString(),
                "Authorization",
                "Bearer " + userToken(carol));
        assertThat(declined.json().getString("state")).isEqualTo("declined");
        assertThat(carols.await("incoming_call_ended").json().getString("reason"))
                .isEqualTo("declined_elsewhere");

        // The call token from the accept joins like any other.
        TestClient joiner =
                TestClient.connect(server.url(), Via.POLLING, accepted.json().getString("token"));
        clients.add(joiner);
        joiner.await("authenticated");
        assertThat(joiner.join(new JSONObject().put("sessionId", sessionId))
                        .getJSONObject("self")
                        .getString("role"))
                .isEqualTo("participant");
    }

    @ParameterizedTest(name = "{0} {1}: {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "GET  | /api/rings/call_x        | user   | RING_NOT_FOUND",
                "POST | /api/rings/call_x/accept | user   | RING_NOT_FOUND",
                "POST | /api/rings/call_x/decline| none   | UNAUTHENTICATED",
                "POST | /api/rings/call_x/accept | call   | UNAUTHENTICATED",
                "POST | /api/rings/call_x/accept | apikey | UNAUTHENTICATED",
                "GET  | /api/rings/call_x/accept | user   | METHOD_NOT_ALLOWED",
                "POST | /api/user/token          | user   | UNAUTHENTICATED",
                "POST | /api/user/token          | none   | UNAUTHENTICATED",
            })
    void badRingRequestsAreRefusedClearly(String method, String path, String credential, String code) {
        String authorization =
                switch (credential) {
                    case "user" -> "Bearer " + userToken(fresh("bob"));
                    case "call" -> "Bearer " + Http.token(server, fresh("bob"), "call_x");
                    case "apikey" -> "Bearer " + ServerProcess.API_KEY;
                    default -> null;
                };
        Http.Response response = authorization == null
                ? Http.request(method, server.url() + path, method.equals("GET") ? null : "{}")
                : Http.request(
                        method,
                        server.url() + path,
                        method.equals("GET") ? null : "{}",
                        "Authorization",
                        authorization);
        assertThat(response.json().getJSONObject("error").getString("code"))
                .as("%s", response)
                .isEqualTo(code);
        assertThat(response.json().getJSONObject("error").getString("message")).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{}                                  | userId: missing",
                "{\"userId\":\"a b\"}                | userId: 'a b'",
                "{\"userId\":7}                      | userId: not a string",
                "[]                                  | expected",
            })
    void badUserTokenBodiesAreRefused(String body, String message) {
        Http.Response response =
                Http.post(server.url() + "/api/user/token", body, "Authorization", "Bearer " + ServerProcess.API_KEY);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().getJSONObject("error").getString("code")).isEqualTo("INVALID_PAYLOAD");
        assertThat(response.json().getJSONObject("error").getString("message")).contains(message);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "call_invite  | {\"to\":[\"\"],\"media\":\"video\"}   | INVALID_PAYLOAD",
                "call_invite  | {\"to\":[\"x\"],\"media\":\"fax\"}    | INVALID_PAYLOAD",
                "call_invite  | {\"media\":\"video\"}                  | INVALID_PAYLOAD",
                "call_invite  | {\"to\":[\"SELF\"],\"media\":\"video\"} | INVALID_PAYLOAD",
                "call_accept  | {\"sessionId\":\"nope\"}               | RING_NOT_FOUND",
                "call_accept  | {}                                     | INVALID_PAYLOAD",
                "call_decline | {\"sessionId\":\"nope\",\"reason\":1}  | INVALID_PAYLOAD",
                "call_decline | {\"sessionId\":\"nope\"}               | RING_NOT_FOUND",
                "call_cancel  | {\"sessionId\":\"nope\"}               | RING_NOT_FOUND",
                "call_cancel  | 42                                     | INVALID_PAYLOAD",
            })
    void badRingingEventsAreRefusedAndDisturbNothing(String event, String payload, String code) {
        String self = fresh("alice");
        String bob = fresh("bob");
        TestClient caller = device(self);
        TestClient bobs = device(bob);
        String sessionId = invite(caller, bob).getString("sessionId");
        bobs.await("incoming_call");
        Object body =
                payload.startsWith("{") ? new JSONObject(payload.replace("SELF", self)) : Integer.valueOf(payload);

        assertFailure(caller.call(event, body), code);
        caller.emit(event, body);
        assertCallError(caller, event, code);

        // Both sockets are still there and the ring goes on.
        assertOk(bobs.call("call_accept", new JSONObject().put("sessionId", sessionId)));
        assertInviteState(caller, sessionId, bob, "ringing");
        assertInviteState(caller, sessionId, bob, "accepted");
    }

    @Test
    void aCallTokenSocketCannotRing() {
        TestClient inCall = TestClient.authenticated(server, Via.WEBSOCKET, fresh("alice"), fresh("call"));
        clients.add(inCall);
        assertFailure(invite(inCall, fresh("bob")), "FORBIDDEN");
    }
}
