package com.securevox.call.it;

import static com.securevox.call.it.Replies.assertCallError;
import static com.securevox.call.it.Replies.assertFailure;
import static com.securevox.call.it.Replies.names;
import static com.securevox.call.it.TestClient.fresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Both ways of authenticating, refused tokens, unauthenticated events and the auth deadline. */
class AuthenticationIT {
    /** The auth deadline is 1 s here, so tests waiting for it stay short. */
    static final Duration AUTH_TIMEOUT = Duration.ofSeconds(1);

    /** How often a scenario that races the client's next poll is repeated. */
    static final int ROUNDS = 5;
    /** For events the server sends at once. */
    static final Duration SOON = Duration.ofSeconds(3);

    static ServerProcess server;

    @BeforeAll
    static void start() {
        server = ServerProcess.start(Map.of("SECUREVOX_CALL_AUTH_TIMEOUT", "1s"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A refused token: how to make it and the code the server must give. */
    enum BadToken {
        EXPIRED("TOKEN_EXPIRED", (user, call) -> Jwt.sign(Jwt.claims(user, call, -3600))),
        WRONG_SECRET(
                "INVALID_TOKEN",
                (user, call) -> Jwt.sign(Jwt.claims(user, call, 3600), "some-other-secret-0123456789-0123456789")),
        ALG_NONE("INVALID_TOKEN", (user, call) -> Jwt.unsigned(Jwt.claims(user, call, 3600))),
        NOT_YET_VALID(
                "INVALID_TOKEN",
                (user, call) -> Jwt.sign(Jwt.claims(user, call, 3600).put("nbf", Jwt.now() + 600))),
        NO_SID("INVALID_TOKEN", (user, call) -> {
            JSONObject claims = Jwt.claims(user, call, 3600);
            claims.remove("sid");
            return Jwt.sign(claims);
        }),
        NOT_A_JWT("INVALID_TOKEN", (user, call) -> "not-a-jwt");

        final String code;
        final BiFunction<String, String, String> make;

        BadToken(String code, BiFunction<String, String, String> make) {
            this.code = code;
            this.make = make;
        }

        String token() {
            return make.apply(fresh("user"), fresh("call"));
        }
    }

    static Stream<Arguments> viaAndBadToken() {
        return Arrays.stream(Via.values())
                .flatMap(via -> Arrays.stream(BadToken.values()).map(bad -> Arguments.of(via, bad)));
    }

    static Stream<Arguments> viaBadTokenAndAck() {
        return Arrays.stream(Via.values()).flatMap(via -> Stream.of(BadToken.EXPIRED, BadToken.WRONG_SECRET)
                .flatMap(bad -> Stream.of(true, false).map(ack -> Arguments.of(via, bad, ack))));
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void handshakeTokenAuthenticatesAtOnce(Via via) {
        String user = fresh("alice");
        String call = fresh("call");
        JSONObject minted =
                Http.mint(server, new JSONObject().put("userId", user).put("sessionId", call));
        try (TestClient client = TestClient.connect(server.url(), via, minted.getString("token"))) {
            client.await("connect");
            assertIdentity(client.await("authenticated").json(), user, call, minted);
            // An authenticated socket outlives the auth deadline.
            client.assertNothing(AUTH_TIMEOUT.plusMillis(300), "auth_error", "disconnect");
            assertThat(client.connected()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void authenticateEventAnswersWithEventAndAck(Via via) {
        String user = fresh("bob");
        String call = fresh("call");
        JSONObject minted =
                Http.mint(server, new JSONObject().put("userId", user).put("sessionId", call));
        try (TestClient client = TestClient.connect(server.url(), via, null)) {
            client.await("connect");
            JSONObject ack = client.call("authenticate", new JSONObject().put("token", minted.getString("token")));
            assertThat(ack.getBoolean("ok")).as(ack.toString()).isTrue();
            assertIdentity(ack, user, call, minted);
            assertIdentity(client.await("authenticated").json(), user, call, minted);
            client.assertNothing(AUTH_TIMEOUT.plusMillis(300), "auth_error", "disconnect");
            assertThat(client.connected()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void selfSignedTokenWithTheSharedSecretIsAccepted(Via via) {
        String user = fresh("host");
        String call = fresh("call");
        JSONObject claims = Jwt.claims(user, call, 600).put("role", "host").put("jti", fresh("jti"));
        try (TestClient client = TestClient.connect(server.url(), via, Jwt.sign(claims))) {
            JSONObject authenticated = client.await("authenticated").json();
            assertThat(authenticated.getString("userId")).isEqualTo(user);
            assertThat(authenticated.getString("role")).isEqualTo("host");
            assertThat(authenticated.getLong("expiresAt")).isEqualTo(claims.getLong("exp"));
            JSONObject joined = client.join(new JSONObject().put("sessionId", call));
            assertThat(joined.getJSONObject("self").getString("role")).isEqualTo("host");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("viaAndBadToken")
    void handshakeWithBadTokenFailsTheConnectionWithTheCode(Via via, BadToken bad) {
        try (TestClient client = TestClient.connect(server.url(), via, bad.token())) {
            Object error = client.await("connect_error").payload();
            // What the Java client hands to connect_error listeners: the CONNECT_ERROR packet's data,
            // {message: <code>, data: {code, message}} (the JS client makes that an Error).
            assertThat(error).as("connect_error payload").isInstanceOf(JSONObject.class);
            JSONObject json = (JSONObject) error;
            assertThat(json.optString("message")).as(json.toString()).isEqualTo(bad.code);
            assertThat(json.optJSONObject("data")).as(json.toString()).isNotNull();
            assertThat(json.getJSONObject("data").optString("code")).isEqualTo(bad.code);
            assertThat(json.getJSONObject("data").optString("message")).isNotBlank();
            assertThat(client.events()).doesNotContain("connect", "authenticated");
            assertThat(client.connected()).isFalse();
        }
    }

    /**
     * Five rounds each: over long-polling the auth_error and the disconnect race the client's next
     * poll, and one round can pass by luck.
     */
    @ParameterizedTest(name = "{0} {1} ack={2}")
    @MethodSource("viaBadTokenAndAck")
    void authenticateWithBadTokenGivesAuthErrorThenDisconnect(Via via, BadToken bad, boolean withAck) {
        for (int round = 0; round < ROUNDS; round++) {
            try (TestClient client = TestClient.connect(server.url(), via, null)) {
                client.await("connect");
                JSONObject payload = new JSONObject().put("token", bad.token());
                if (withAck) {
                    assertFailure(client.call("authenticate", payload), bad.code);
                } else {
                    client.emit("authenticate", payload);
                }
                JSONObject authError = client.await("auth_error", SOON).json();
                assertThat(authError.getString("code")).isEqualTo(bad.code);
                assertThat(authError.getString("message")).isNotBlank();
                client.await("disconnect");
                assertThat(names(client.log())).containsSubsequence("auth_error", "disconnect");
                assertThat(client.events()).doesNotContain("authenticated", "call_error");
                assertThat(client.connected()).isFalse();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void eventsBeforeAuthenticatingFailWithUnauthenticated(Via via) {
        String call = fresh("call");
        try (TestClient client = TestClient.connect(server.url(), via, null)) {
            client.await("connect");
            assertFailure(client.call("join_call", new JSONObject().put("sessionId", call)), "UNAUTHENTICATED");
            assertFailure(client.call("offer", new JSONObject().put("to", "x").put("sdp", "v=0")), "UNAUTHENTICATED");

            client.emit("join_call", new JSONObject().put("sessionId", call));
            assertCallError(client, "join_call", "UNAUTHENTICATED");
            assertThat(client.events()).doesNotContain("call_joined", "authenticated");
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void socketThatDoesNotAuthenticateInTimeGetsAuthErrorAndIsDisconnected(Via via) {
        try (TestClient client = TestClient.connect(server.url(), via, null)) {
            client.await("connect");
            long connected = System.nanoTime();
            JSONObject error =
                    client.await("auth_error", AUTH_TIMEOUT.plusSeconds(5)).json();
            long waitedMillis = (System.nanoTime() - connected) / 1_000_000;
            assertThat(error.getString("code")).isEqualTo("UNAUTHENTICATED");
            assertThat(waitedMillis).as("auth_error came after the deadline").isGreaterThanOrEqualTo(800);
            client.await("disconnect");
            assertThat(names(client.log())).containsSubsequence("auth_error", "disconnect");
            assertThat(client.connected()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void reauthenticatingRefreshesTheSameUserAndRefusesSomeoneElse(Via via) {
        for (int round = 0; round < ROUNDS; round++) {
            String user = fresh("carol");
            String call = fresh("call");
            try (TestClient client = TestClient.authenticated(server, via, user, call)) {
                JSONObject again =
                        client.call("authenticate", new JSONObject().put("token", Http.token(server, user, call)));
                assertThat(again.getBoolean("ok")).as(again.toString()).isTrue();
                assertThat(again.getString("userId")).isEqualTo(user);
                client.await("authenticated");

                JSONObject other = client.call(
                        "authenticate", new JSONObject().put("token", Http.token(server, fresh("mallory"), call)));
                assertFailure(other, "FORBIDDEN");
                assertThat(client.await("auth_error", SOON).json().getString("code"))
                        .isEqualTo("FORBIDDEN");
                client.await("disconnect");
            }
        }
    }

    /** The identity fields of {@code authenticated} and of a successful authenticate ack. */
    private static void assertIdentity(JSONObject identity, String user, String call, JSONObject minted) {
        assertThat(identity.getString("userId")).isEqualTo(user);
        assertThat(identity.getString("sessionId")).isEqualTo(call);
        assertThat(identity.getString("role")).isEqualTo("participant");
        assertThat(identity.getLong("expiresAt")).isEqualTo(minted.getLong("expiresAt"));
    }
}
