package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.auth.FakeDjango;
import com.securevox.call.auth.FakeDjango.Answer;
import com.securevox.call.it.TestClient.Via;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/call/token} with {@code Authorization: Token …}: the packaged server asks a real HTTP server
 * standing in for Django, and mints only for the user Django names.
 */
class DjangoTokenIT {
    /** The fake knows tokens {@code good-<user>}; everything else it refuses with 401, as DRF does. */
    private static final String PREFIX = "Token good-";

    static FakeDjango django;
    static ServerProcess server;

    @BeforeAll
    static void start() {
        django = FakeDjango.answering(authorization -> authorization != null && authorization.startsWith(PREFIX)
                ? Answer.of(
                        200,
                        new JSONObject()
                                .put("user_id", authorization.substring(PREFIX.length()))
                                .toString())
                : Answer.of(401, "{\"detail\": \"Invalid token.\"}"));
        server = ServerProcess.start(Map.of("DJANGO_BACKEND_URL", django.baseUrl()));
    }

    @AfterAll
    static void stop() {
        server.close();
        django.close();
    }

    private static Http.Response mint(ServerProcess target, String authorization, JSONObject body) {
        return Http.post(target.url() + "/api/call/token", body.toString(), "Authorization", authorization);
    }

    @Test
    void mintsForTheUserDjangoNamesAndTheTokenAdmitsThem() {
        Http.Response response = mint(server, PREFIX + "alice", new JSONObject().put("sessionId", "call_1"));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JSONObject minted = response.json();
        assertThat(minted.getString("userId")).isEqualTo("alice");
        assertThat(minted.getString("sessionId")).isEqualTo("call_1");
        assertThat(minted.getString("role")).isEqualTo("participant");
        FakeDjango.Seen asked = django.seen().stream()
                .filter(seen -> (PREFIX + "alice").equals(seen.authorization()))
                .findFirst()
                .orElseThrow();
        assertThat(asked)
                .isEqualTo(new FakeDjango.Seen("GET", FakeDjango.VERIFY_PATH, PREFIX + "alice", "application/json"));
        try (TestClient alice = TestClient.connect(server.url(), Via.WEBSOCKET, minted.getString("token"))) {
            assertThat(alice.await("authenticated").json().getString("userId")).isEqualTo("alice");
        }
    }

    @Test
    void aBodyUserIdNamingTheSameUserIsFine() {
        Http.Response response = mint(
                server, PREFIX + "bob", new JSONObject().put("userId", "bob").put("sessionId", "call_1"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().getString("userId")).isEqualTo("bob");
    }

    @Test
    void aBodyUserIdNamingSomeoneElseIsForbidden() {
        Http.Response response = mint(
                server,
                PREFIX + "alice",
                new JSONObject().put("userId", "mallory").put("sessionId", "call_1"));
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().getJSONObject("error").getString("code")).isEqualTo("FORBIDDEN");
    }

    @Test
    void aTokenDjangoRefusesIsUnauthenticated() {
        Http.Response response = mint(server, "Token stolen-or-expired", new JSONObject().put("sessionId", "call_1"));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().getJSONObject("error").toMap())
                .isEqualTo(Map.of("code", "UNAUTHENTICATED", "message", "Authorization: Django refused the token"));
    }

    @Test
    void djangoIsAskedOnceForATokenUsedTwice() {
        String authorization = PREFIX + "carol";
        assertThat(mint(server, authorization, new JSONObject().put("sessionId", "call_1"))
                        .status())
                .isEqualTo(200);
        assertThat(mint(server, authorization, new JSONObject().put("sessionId", "call_2"))
                        .status())
                .isEqualTo(200);
        assertThat(django.seen().stream().filter(seen -> authorization.equals(seen.authorization())))
                .hasSize(1);
    }

    @Test
    void djangoDownIsServiceUnavailableAndNoToken() {
        String base = FakeDjango.closedPortUrl().toString();
        try (ServerProcess orphan = ServerProcess.start(Map.of("DJANGO_BACKEND_URL", base))) {
            Http.Response response = mint(orphan, PREFIX + "alice", new JSONObject().put("sessionId", "call_1"));

            assertThat(response.status()).isEqualTo(503);
            JSONObject body = response.json();
            assertThat(body.keySet()).containsExactly("error");
            assertThat(body.getJSONObject("error").toMap())
                    .isEqualTo(Map.of(
                            "code",
                            "UNAVAILABLE",
                            "message",
                            "Django at " + base.substring("http://".length()) + " did not answer: connection refused"));
            assertThat(orphan.output()).contains("django unavailable").doesNotContain("good-alice");
        }
    }

    @Test
    void tokenSchemeWithoutDjangoIsUnauthenticated() {
        try (ServerProcess plain = ServerProcess.start()) {
            Http.Response response = mint(plain, PREFIX + "alice", new JSONObject().put("sessionId", "call_1"));
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.json().getJSONObject("error").getString("code")).isEqualTo("UNAUTHENTICATED");
        }
    }

    @Test
    void theServerLogNeverShowsAUserToken() {
        mint(server, PREFIX + "dave", new JSONObject().put("sessionId", "call_1"));
        mint(server, "Token refused-secret-value", new JSONObject().put("sessionId", "call_1"));
        assertThat(server.output()).doesNotContain("good-").doesNotContain("refused-secret-value");
    }
}
