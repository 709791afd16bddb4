package com.securevox.call.it;

import static com.securevox.call.it.Replies.assertFailure;
import static com.securevox.call.it.Replies.assertOk;
import static com.securevox.call.it.TestClient.fresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.auth.FakeCallPolicy;
import com.securevox.call.it.TestClient.Via;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may call whom: the packaged server asks a real HTTP server standing in for Django's policy view before it rings
 * anyone. Users named {@code friend_…} may be called, {@code stranger_…} may not, and about {@code slow_…} Django
 * never answers in time.
 */
class RingPolicyIT {
    static FakeCallPolicy django;
    static ServerProcess server;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        django =
                FakeCallPolicy.answering((from, to) -> to.startsWith("friend") ? 200 : to.startsWith("slow") ? 0 : 403);
        server = ServerProcess.start(Map.of(
                "DJANGO_BACKEND_URL", django.baseUrl(), "SECUREVOX_CALL_DJANGO_CAN_CALL_PATH", FakeCallPolicy.PATH));
    }

    @AfterAll
    static void stop() {
        ServerProcess.close(server);
        django.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(TestClient::close);
    }

    TestClient device(String userId) {
        TestClient client = TestClient.connect(server.url(), Via.WEBSOCKET, RingingIT.userToken(server, userId));
        clients.add(client);
        client.await("authenticated");
        return client;
    }

    static JSONObject invite(TestClient caller, String... to) {
        return caller.call(
                "call_invite",
                new JSONObject().put("to", new JSONArray(List.of(to))).put("media", "audio"));
    }

    @Test
    void refusedInviteesAreForbiddenAndNotRung() {
        String alice = fresh("alice");
        String friend = fresh("friend");
        String stranger = fresh("stranger");
        TestClient caller = device(alice);
        TestClient friends = device(friend);
        TestClient strangers = device(stranger);

        JSONObject invited = assertOk(invite(caller, friend, stranger));

        assertThat(RingingIT.state(invited, friend)).isEqualTo("ringing");
        assertThat(RingingIT.state(invited, stranger)).isEqualTo("forbidden");
        friends.await("incoming_call");
        strangers.assertNothing(Duration.ofMillis(500), "incoming_call");
        assertThat(django.seen())
                .contains(new FakeCallPolicy.Seen(
                        "POST",
                        FakeCallPolicy.PATH,
                        "application/json",
                        "Bearer " + ServerProcess.API_KEY,
                        "{\"from\":\"" + alice + "\",\"to\":\"" + stranger + "\"}"));
    }

    @Test
    void anInviteOfNobodyThePolicyAllowsIsForbidden() {
        TestClient caller = device(fresh("alice"));
        assertFailure(invite(caller, fresh("stranger")), "FORBIDDEN");
    }

    @Test
    void aDjangoThatDoesNotAnswerFailsTheInviteClearlyAndRingsNobody() {
        String friend = fresh("friend");
        TestClient caller = device(fresh("alice"));
        TestClient friends = device(friend);

        JSONObject error = assertFailure(invite(caller, friend, fresh("slow")), "UNAVAILABLE");

        assertThat(error.getString("message")).contains("call policy").contains("try again");
        friends.assertNothing(Duration.ofMillis(500), "incoming_call");
        // The socket is fine: the next invite goes through.
        assertThat(RingingIT.state(assertOk(invite(caller, friend)), friend)).isEqualTo("ringing");
    }

    @Test
    void peopleAddedToACallAreAskedAboutWithTheOneWhoAddsThemAsCaller() {
        String alice = fresh("alice");
        String friend = fresh("friend");
        String otherFriend = fresh("friend");
        String stranger = fresh("stranger");
        TestClient caller = device(alice);
        TestClient friends = device(friend);
        TestClient otherFriends = device(otherFriend);
        String sessionId = assertOk(invite(caller, friend)).getString("sessionId");
        assertOk(friends.call("call_accept", new JSONObject().put("sessionId", sessionId)));

        JSONObject added = assertOk(friends.call(
                "call_invite",
                new JSONObject()
                        .put("to", new JSONArray(List.of(otherFriend, stranger)))
                        .put("sessionId", sessionId)
                        .put("media", "audio")));

        assertThat(RingingIT.state(added, otherFriend)).isEqualTo("ringing");
        assertThat(RingingIT.state(added, stranger)).isEqualTo("forbidden");
        otherFriends.await("incoming_call");
        assertThat(django.seen())
                .extracting(FakeCallPolicy.Seen::body)
                .contains("{\"from\":\"" + friend + "\",\"to\":\"" + stranger + "\"}");
        // Adding only people the policy refuses adds nobody.
        assertFailure(
                friends.call(
                        "call_invite",
                        new JSONObject()
                                .put("to", new JSONArray().put(fresh("stranger")))
                                .put("sessionId", sessionId)
                                .put("media", "audio")),
                "FORBIDDEN");
    }
}
