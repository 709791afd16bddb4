package com.securevox.call.it;

import static com.securevox.call.it.Replies.assertFailure;
import static com.securevox.call.it.Replies.assertOk;
import static com.securevox.call.it.TestClient.fresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.securevox.call.it.TestClient.Via;
import com.securevox.call.push.FcmStandIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Ringing with push, black box: the packaged server with FCM configured against a local stand-in of Google's token
 * endpoint and FCM HTTP v1 over HTTPS (which checks what Google documents), its CA trusted through {@code
 * SECUREVOX_CALL_FCM_CA}. A device registered over REST with no live device
 * connection is woken by a push; a device connection that registered its device with {@code register_device} gets
 * {@code incoming_call} over its socket and no push; a cancelled ring sends the pushed device a "call ended" push; a
 * token FCM calls dead is removed and its user is unreachable. Without the CA trusted, the pushes fail cleanly: counted,
 * logged naming the setting, and the ring still goes to the live devices.
 */
class PushRingingIT {
    private static final Duration PUSHED = Duration.ofSeconds(10);

    static Path dir;
    static FcmStandIn fcm;
    static ServerProcess server;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("securevox-fcm-it-");
        fcm = new FcmStandIn(Clock.systemUTC(), Duration.ofHours(1), Files.createDirectory(dir.resolve("pki")));
        server = ServerProcess.start(Map.of(
                "SECUREVOX_CALL_FCM_CREDENTIALS",
                        credentials(fcm, "service-account.json").toString(),
                "SECUREVOX_CALL_FCM_URL", fcm.base(),
                "SECUREVOX_CALL_FCM_CA", fcm.caCertificate().toString()));
    }

    private static Path credentials(FcmStandIn standIn, String name) throws IOException {
        return Files.write(dir.resolve(name), standIn.serviceAccountJson());
    }

    @AfterAll
    static void stop() throws Exception {
        ServerProcess.close(server);
        if (fcm != null) {
            fcm.close();
        }
        ServerProcess.delete(dir);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(TestClient::close);
        assertThat(fcm.problems).as("what the FCM stand-in found wrong").isEmpty();
    }

    private TestClient device(String userId, Via via) {
        TestClient client = TestClient.connect(server.url(), via, RingingIT.userToken(server, userId));
        clients.add(client);
        assertThat(client.await("authenticated").json().getString("scope")).isEqualTo("user");
        return client;
    }

    private static String registerOverRest(String userId, String token) {
        Http.Response response = Http.post(
                server.url() + "/api/users/" + userId + "/devices",
                new JSONObject().put("platform", "fcm").put("token", token).toString(),
                "Authorization",
                "Bearer " + ServerProcess.API_KEY);
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        return response.json().getString("id");
    }

    private static List<JsonNode> dataSentTo(String token, int atLeast) {
        ServerProcess.await(
                PUSHED,
                atLeast + " pushes to " + token,
                () -> fcm.sendsTo(token).size() >= atLeast);
        return fcm.sendsTo(token).stream()
                .map(r -> r.message().path("message").path("data"))
                .toList();
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void aSleepingPhoneIsPushedTheConnectedDeviceIsNotAndACancelIsPushedToo(Via via) {
        String alice = fresh("alice");
        String bob = fresh("bob");
        String phoneToken = "phone-" + fresh("tok");
        String laptopToken = "laptop-" + fresh("tok");
        registerOverRest(bob, phoneToken);
        TestClient laptop = device(bob, via);
        JSONObject registered = assertOk(laptop.call(
                "register_device", new JSONObject().put("platform", "fcm").put("token", laptopToken)));
        assertThat(registered.getString("deviceId")).hasSize(36);
        TestClient caller = device(alice, via);

        JSONObject invited = assertOk(caller.call(
                "call_invite",
                new JSONObject().put("to", new JSONArray().put(bob)).put("media", "video")));
        String sessionId = invited.getString("sessionId");
        String ringId = invited.getString("ringId");

        assertThat(laptop.await("incoming_call").json().getString("ringId")).isEqualTo(ringId);
        JsonNode ring = dataSentTo(phoneToken, 1).getFirst();
        assertThat(ring.path("type").asText()).isEqualTo("incoming_call");
        assertThat(ring.path("ringId").asText()).isEqualTo(ringId);
        assertThat(ring.path("id").asText()).isEqualTo(ringId);
        assertThat(ring.path("sessionId").asText()).isEqualTo(sessionId);
        assertThat(ring.path("fromUserId").asText()).isEqualTo(alice);
        assertThat(ring.path("isVideo").asText()).isEqualTo("true");

        assertOk(caller.call("call_cancel", new JSONObject().put("sessionId", sessionId)));
        JsonNode ended = dataSentTo(phoneToken, 2).get(1);
        assertThat(ended.path("type").asText()).isEqualTo("call_ended");
        assertThat(ended.path("ringId").asText()).isEqualTo(ringId);
        assertThat(ended.path("reason").asText()).isEqualTo("cancelled");
        assertThat(laptop.await("incoming_call_ended").json().getString("reason"))
                .isEqualTo("cancelled");
        // The connected device was told over its socket only.
        assertThat(fcm.sendsTo(laptopToken)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void aUserWithOnlyASleepingPhoneIsRingingOnceFcmTakesThePushAndADeadTokenIsRemoved(Via via) {
        String alice = fresh("alice");
        String carol = fresh("carol");
        String dave = fresh("dave");
        registerOverRest(carol, "carol-" + fresh("tok"));
        String deadToken = "dead-" + fresh("tok");
        fcm.answer(deadToken, FcmStandIn.Answer.UNREGISTERED);
        registerOverRest(dave, deadToken);
        TestClient caller = device(alice, via);

        JSONObject invited = assertOk(caller.call(
                "call_invite",
                new JSONObject().put("to", new JSONArray().put(carol).put(dave)).put("media", "audio")));
        String sessionId = invited.getString("sessionId");

        // Both wait on their provider; carol's took the push, dave's token is dead.
        List<String> states = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            JSONObject state = caller.await("invite_state").json();
            assertThat(state.getString("sessionId")).isEqualTo(sessionId);
            states.add(state.getString("userId") + " " + state.getString("state"));
        }
        assertThat(states).containsExactlyInAnyOrder(carol + " ringing", dave + " unreachable");
        ServerProcess.await(PUSHED, "dave's dead device removed", () -> Http.get(
                        server.url() + "/api/users/" + dave + "/devices",
                        "Authorization",
                        "Bearer " + ServerProcess.API_KEY)
                .json()
                .getJSONArray("devices")
                .isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void registerDeviceRefusesWhatTheRegistryWouldNotTakeAndCallSocketsMayNotRegister(Via via) {
        TestClient device = device(fresh("erin"), via);

        assertFailure(
                device.call(
                        "register_device",
                        new JSONObject().put("platform", "gcm").put("token", "abc")),
                "INVALID_PAYLOAD");
        assertFailure(
                device.call(
                        "register_device",
                        new JSONObject()
                                .put("platform", "apns")
                                .put("token", "ab".repeat(32))
                                .put("environment", "staging")),
                "INVALID_PAYLOAD");
        assertFailure(device.call("register_device", new JSONObject().put("token", "abc")), "INVALID_PAYLOAD");

        String frank = fresh("frank");
        TestClient call = TestClient.connect(server.url(), via, Http.token(server, frank, fresh("call")));
        clients.add(call);
        call.await("authenticated");
        assertFailure(
                call.call(
                        "register_device",
                        new JSONObject().put("platform", "fcm").put("token", "abc")),
                "FORBIDDEN");
        // The refusals disturbed nothing: the device connection still registers.
        assertOk(device.call(
                "register_device", new JSONObject().put("platform", "fcm").put("token", "erin-" + fresh("tok"))));
    }

    @Test
    void withoutTheStandInsCaTrustedThePushesFailCleanlyAndTheRingStillReachesTheLiveDevices() throws Exception {
        try (FcmStandIn untrusted = new FcmStandIn(
                        Clock.systemUTC(), Duration.ofHours(1), Files.createDirectory(dir.resolve("pki2")));
                ServerProcess plain = ServerProcess.start(Map.of(
                        "SECUREVOX_CALL_FCM_CREDENTIALS",
                                credentials(untrusted, "untrusted.json").toString(),
                        "SECUREVOX_CALL_FCM_URL", untrusted.base()))) {
            String alice = fresh("alice");
            String bob = fresh("bob");
            String carol = fresh("carol");
            for (String user : List.of(bob, carol)) {
                Http.Response response = Http.post(
                        plain.url() + "/api/users/" + user + "/devices",
                        new JSONObject()
                                .put("platform", "fcm")
                                .put("token", "phone-" + fresh("tok"))
                                .toString(),
                        "Authorization",
                        "Bearer " + ServerProcess.API_KEY);
                assertThat(response.status()).as("%s", response).isEqualTo(201);
            }
            TestClient laptop = TestClient.connect(plain.url(), Via.WEBSOCKET, RingingIT.userToken(plain, bob));
            clients.add(laptop);
            laptop.await("authenticated");
            TestClient caller = TestClient.connect(plain.url(), Via.WEBSOCKET, RingingIT.userToken(plain, alice));
            clients.add(caller);
            caller.await("authenticated");

            JSONObject invited = assertOk(caller.call(
                    "call_invite",
                    new JSONObject()
                            .put("to", new JSONArray().put(bob).put(carol))
                            .put("media", "audio")));

            assertThat(laptop.await("incoming_call").json().getString("ringId")).isEqualTo(invited.getString("ringId"));
            // Carol has only a phone, and its push failed: she is unreachable at once, not when the ring times out.
            JSONObject state =
                    caller.await("invite_state", Duration.ofSeconds(10)).json();
            while (!state.getString("userId").equals(carol)) {
                state = caller.await("invite_state", Duration.ofSeconds(10)).json();
            }
            assertThat(state.getString("state")).isEqualTo("unreachable");
            String failed = "securevox_push_total{provider=\"fcm\",reason=\"TLS_UNTRUSTED\",result=\"failed\"} 2.0";
            ServerProcess.await(
                    PUSHED, "both phones' pushes counted as failed", () -> Http.metricsWithoutNode(plain.url())
                            .contains(failed));
            assertThat(Http.metricsWithoutNode(plain.url()))
                    .doesNotContain("provider=\"fcm\",reason=\"TLS_UNTRUSTED\",result=\"retry\"");
            assertThat(plain.output()).contains("not trusted", "SECUREVOX_CALL_FCM_CA");
            assertThat(untrusted.requestsReceived()).isZero();
            assertThat(untrusted.problems).isEmpty();
        }
    }
}
