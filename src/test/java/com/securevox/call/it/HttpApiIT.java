package com.securevox.call.it;

import static com.securevox.call.it.Replies.assertOk;
import static com.securevox.call.it.TestClient.fresh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.securevox.call.it.Http.Response;
import com.securevox.call.it.TestClient.Via;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** /health, /ready, token minting, stats, errors, keep-alive and CORS (HTTP and handshakes). */
class HttpApiIT {
    static final String ALLOWED = "https://app.example.com";
    static final String FOREIGN = "https://evil.example.com";
    static final String BEARER = "Bearer " + ServerProcess.API_KEY;

    static ServerProcess server;

    @BeforeAll
    static void start() {
        server = ServerProcess.start(Map.of("SECUREVOX_CALL_CORS_ORIGINS", ALLOWED));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String url(String path) {
        return server.url() + path;
    }

    /** The contract's error body with that status and code; returns the message. */
    static String assertError(Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("content-type").orElse("")).startsWith("application/json");
        JSONObject body = response.json();
        assertThat(body.keySet()).as(response.toString()).containsExactly("error");
        JSONObject error = body.getJSONObject("error");
        assertThat(error.getString("code")).as(response.toString()).isEqualTo(code);
        assertThat(error.getString("message")).as(response.toString()).isNotBlank();
        return error.getString("message");
    }

    // ---- /health and /ready ----

    @Test
    void healthReportsTheService() {
        Response response = Http.get(url("/health"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type").orElse("")).startsWith("application/json");
        JSONObject health = response.json();
        assertThat(health.getString("status")).isEqualTo("healthy");
        assertThat(health.getString("service")).isEqualTo("SecureVOX Call Server");
        assertThat(health.getString("version")).isEqualTo("1.0.0");
        for (String count : List.of("activeCalls", "connectedUsers", "connections", "uptimeSeconds")) {
            assertThat(health.get(count)).as(count).isInstanceOf(Integer.class);
            assertThat(health.getInt(count)).as(count).isNotNegative();
        }
    }

    /** The description the other answers are held to, served as JSON, without credentials. */
    @Test
    void theOpenApiDocumentIsServedWithoutCredentials() {
        Response response = Http.get(url("/api/openapi.json"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).hasValue("application/json; charset=utf-8");
        JSONObject document = response.json();
        assertThat(document.getString("openapi")).startsWith("3.1.");
        assertThat(document.getJSONObject("paths").has("/api/openapi.json")).isTrue();
        assertThat(document.getJSONObject("paths").has("/api/call/token")).isTrue();
    }

    @Test
    void readyIsReady() {
        Response response = Http.get(url("/ready"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().similar(new JSONObject().put("status", "ready")))
                .isTrue();
    }

    // ---- POST /api/call/token ----

    @Test
    void mintingATokenAnswersTheContractsShape() {
        String user = "u" + "A-z0_9.:@".repeat(14); // 127 characters of every allowed kind
        String call = fresh("call_123_456");
        Response response = Http.post(
                url("/api/call/token"),
                new JSONObject()
                        .put("userId", user)
                        .put("sessionId", call)
                        .put("extra", "ignored")
                        .toString(),
                "Authorization",
                BEARER);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JSONObject body = response.json();
        assertThat(body.getString("userId")).isEqualTo(user);
        assertThat(body.getString("sessionId")).isEqualTo(call);
        assertThat(body.getString("role")).isEqualTo("participant");
        long expiresAt = body.getLong("expiresAt");
        assertThat(expiresAt).as("1 h from now, Unix seconds").isBetween(Jwt.now() + 3540, Jwt.now() + 3660);
        JSONArray ice = body.getJSONArray("iceServers");
        CallLifecycleIT.assertIceServers(ice);

        String[] parts = body.getString("token").split("\\.");
        assertThat(parts).hasSize(3);
        JSONObject header = new JSONObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        JSONObject claims = new JSONObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        assertThat(header.getString("alg")).isEqualTo("HS256");
        assertThat(claims.getString("sub")).isEqualTo(user);
        assertThat(claims.getString("sid")).isEqualTo(call);
        assertThat(claims.getLong("exp")).isEqualTo(expiresAt);

        JSONObject host = Http.mint(
                server,
                new JSONObject().put("userId", "h").put("sessionId", call).put("role", "host"));
        assertThat(host.getString("role")).isEqualTo("host");
    }

    @Test
    void mintingWithoutTheRightCredentialsIs401() {
        String body = new JSONObject().put("userId", "u").put("sessionId", "s").toString();
        assertError(Http.post(url("/api/call/token"), body), 401, "UNAUTHENTICATED");
        assertError(
                Http.post(url("/api/call/token"), body, "Authorization", "Bearer wrong-key"), 401, "UNAUTHENTICATED");
        assertError(Http.post(url("/api/call/token"), body, "Authorization", "Bearer"), 401, "UNAUTHENTICATED");
        assertError(
                Http.post(url("/api/call/token"), body, "Authorization", "Basic " + ServerProcess.API_KEY),
                401,
                "UNAUTHENTICATED");
        // Without DJANGO_BACKEND_URL a user token is no credential either.
        assertError(Http.post(url("/api/call/token"), body, "Authorization", "Token abc"), 401, "UNAUTHENTICATED");
    }

    static Stream<Arguments> badBodies() {
        String longId = "x".repeat(129);
        return Stream.of(
                Arguments.of("not json", "{oops", "body"),
                Arguments.of("an array", "[]", "body"),
                Arguments.of("empty", "", "body"),
                Arguments.of("no userId", "{\"sessionId\":\"s\"}", "userId"),
                Arguments.of("no sessionId", "{\"userId\":\"u\"}", "sessionId"),
                Arguments.of("userId not a string", "{\"userId\":5,\"sessionId\":\"s\"}", "userId"),
                Arguments.of("userId bad characters", "{\"userId\":\"a b\",\"sessionId\":\"s\"}", "userId"),
                Arguments.of("sessionId too long", "{\"userId\":\"u\",\"sessionId\":\"" + longId + "\"}", "sessionId"),
                Arguments.of("sessionId empty", "{\"userId\":\"u\",\"sessionId\":\"\"}", "sessionId"),
                Arguments.of("role unknown", "{\"userId\":\"u\",\"sessionId\":\"s\",\"role\":\"admin\"}", "role"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void aBadBodyIs400NamingTheField(String what, String body, String field) {
        String message =
                assertError(Http.post(url("/api/call/token"), body, "Authorization", BEARER), 400, "INVALID_PAYLOAD");
        assertThat(message).as("message names the field").containsIgnoringCase(field);
    }

    @Test
    void unknownRouteIs404AndWrongMethodIs405() {
        assertError(Http.get(url("/api/call/nothing-here")), 404, "NOT_FOUND");
        assertError(Http.get(url("/")), 404, "NOT_FOUND");
        assertError(Http.get(url("/api/call/token"), "Authorization", BEARER), 405, "METHOD_NOT_ALLOWED");
        assertError(Http.post(url("/health"), "{}"), 405, "METHOD_NOT_ALLOWED");
        assertError(
                Http.request("DELETE", url("/api/call/stats"), null, "Authorization", BEARER),
                405,
                "METHOD_NOT_ALLOWED");
    }

    @Test
    void aBodyOver64KiBIs413() {
        String big = new JSONObject()
                .put("userId", "u")
                .put("sessionId", "s")
                .put("padding", "p".repeat(65 * 1024))
                .toString();
        assertError(Http.post(url("/api/call/token"), big, "Authorization", BEARER), 413, "PAYLOAD_TOO_LARGE");
        // Just under the limit is fine.
        String fits = new JSONObject()
                .put("userId", "u")
                .put("sessionId", "s")
                .put("padding", "p".repeat(60 * 1024))
                .toString();
        assertThat(Http.post(url("/api/call/token"), fits, "Authorization", BEARER)
                        .status())
                .isEqualTo(200);
    }

    // ---- GET /api/call/stats ----

    @Test
    void statsNeedTheApiKey() {
        assertError(Http.get(url("/api/call/stats")), 401, "UNAUTHENTICATED");
        assertError(Http.get(url("/api/call/stats"), "Authorization", "Bearer nope"), 401, "UNAUTHENTICATED");
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void statsListTheActiveCallUntilItsLastParticipantLeaves(Via via) {
        String call = fresh("call");
        String alice = fresh("alice");
        String bob = fresh("bob");
        long before = Jwt.now();
        try (TestClient a = TestClient.joined(server, via, alice, call);
                TestClient b = TestClient.joined(server, via, bob, call)) {
            JSONObject stats = stats();
            assertThat(stats.getInt("totalActiveCalls"))
                    .isEqualTo(stats.getJSONArray("activeCalls").length());
            assertThat(stats.getInt("connectedUsers")).isGreaterThanOrEqualTo(2);
            JSONObject entry = find(stats, call).orElseThrow(() -> new AssertionError(call + " not in " + stats));
            assertThat(entry.getJSONArray("participants").toList()).containsExactly(alice, bob);
            assertThat(entry.getInt("participantCount")).isEqualTo(2);
            assertThat(entry.getLong("startedAt")).as("Unix seconds").isBetween(before - 1, Jwt.now() + 1);
            assertThat(entry.getLong("durationSeconds")).isBetween(0L, Jwt.now() - before + 1);
            assertThat(entry.getString("media"))
                    .as("clients that did not declare the SFU")
                    .isEqualTo("mesh");

            assertOk(b.call("leave_call", new JSONObject().put("sessionId", call)));
            JSONObject one = find(stats(), call).orElseThrow();
            assertThat(one.getJSONArray("participants").toList()).containsExactly(alice);
            assertThat(one.getInt("participantCount")).isEqualTo(1);

            assertOk(a.call("leave_call", new JSONObject().put("sessionId", call)));
            ServerProcess.await(Duration.ofSeconds(5), call + " to leave the stats", () -> find(stats(), call)
                    .isEmpty());
        }
    }

    static JSONObject stats() {
        Response response = Http.get(url("/api/call/stats"), "Authorization", BEARER);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    static Optional<JSONObject> find(JSONObject stats, String call) {
        JSONArray calls = stats.getJSONArray("activeCalls");
        for (int i = 0; i < calls.length(); i++) {
            if (calls.getJSONObject(i).getString("sessionId").equals(call)) {
                return Optional.of(calls.getJSONObject(i));
            }
        }
        return Optional.empty();
    }

    // ---- keep-alive ----

    @Test
    void severalRequestsShareOneConnection() {
        try (Http.Connection connection = new Http.Connection(server)) {
            assertThat(connection.send("GET", "/health", null).status()).isEqualTo(200);
            Response minted = connection.send(
                    "POST",
                    "/api/call/token",
                    new JSONObject()
                            .put("userId", "k")
                            .put("sessionId", "keepalive")
                            .toString(),
                    "Authorization",
                    BEARER,
                    "Content-Type",
                    "application/json");
            assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
            assertThat(connection
                            .send("GET", "/api/call/stats", null, "Authorization", BEARER)
                            .status())
                    .isEqualTo(200);
            assertError(connection.send("GET", "/nope", null), 404, "NOT_FOUND");
            assertError(connection.send("POST", "/api/call/token", "{}"), 401, "UNAUTHENTICATED");
            assertThat(connection.send("GET", "/ready", null).status()).isEqualTo(200);
        }
    }

    @Test
    void anIdleKeepAliveConnectionOutlivesTheLibrarysFirstDataTimeout() throws InterruptedException {
        // netty-socketio closes a connection 5 s after it opened unless its own handler saw a
        // request; API requests used to bypass it, so pooled API connections died under clients.
        try (Http.Connection connection = new Http.Connection(server)) {
            assertThat(connection.send("GET", "/health", null).status()).isEqualTo(200);
            Thread.sleep(6_000); // an idle period longer than the library's 5 s timer, not a readiness wait
            assertThat(connection.send("GET", "/ready", null).status()).isEqualTo(200);
        }
    }

    @Test
    void aConnectionThatCarriedASocketIoPollingRequestIsKeptAliveOrSaysClose() {
        try (Http.Connection connection = new Http.Connection(server)) {
            Response handshake = connection.send("GET", "/socket.io/?EIO=4&transport=polling", null);
            assertThat(handshake.status()).isEqualTo(200);
            assertThat(handshake.body()).startsWith("0{");
            // HTTP/1.1: a server that will close the connection says "Connection: close".
            if (handshake
                    .header("connection")
                    .filter(v -> v.equalsIgnoreCase("close"))
                    .isEmpty()) {
                assertThatCode(() -> assertThat(
                                        connection.send("GET", "/health", null).status())
                                .isEqualTo(200))
                        .as(
                                "GET /health on the connection the polling response kept alive (Connection: %s)",
                                handshake.header("connection").orElse("-"))
                        .doesNotThrowAnyException();
            }
        }
    }

    // ---- CORS ----

    @Test
    void corsOnTheHttpApi() {
        assertThat(assertError(Http.get(url("/health"), "Origin", FOREIGN), 403, "FORBIDDEN"))
                .contains(FOREIGN);
        assertError(
                Http.post(
                        url("/api/call/token"),
                        new JSONObject()
                                .put("userId", "u")
                                .put("sessionId", "s")
                                .toString(),
                        "Authorization",
                        BEARER,
                        "Origin",
                        FOREIGN),
                403,
                "FORBIDDEN");

        Response allowed = Http.get(url("/health"), "Origin", ALLOWED);
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("access-control-allow-origin")).contains(ALLOWED);
        assertThat(allowed.header("access-control-allow-credentials")).contains("true");
        Response minted = Http.post(
                url("/api/call/token"),
                new JSONObject().put("userId", "u").put("sessionId", "s").toString(),
                "Authorization",
                BEARER,
                "Origin",
                ALLOWED);
        assertThat(minted.status()).isEqualTo(200);
        assertThat(minted.header("access-control-allow-origin")).contains(ALLOWED);

        Response native_ = Http.get(url("/health"));
        assertThat(native_.status()).as("no Origin: not affected").isEqualTo(200);

        Response preflight = Http.request(
                "OPTIONS",
                url("/api/call/token"),
                null,
                "Origin",
                ALLOWED,
                "Access-Control-Request-Method",
                "POST",
                "Access-Control-Request-Headers",
                "authorization,content-type");
        assertThat(preflight.status()).as(preflight.toString()).isBetween(200, 204);
        assertThat(preflight.header("access-control-allow-origin")).contains(ALLOWED);
        assertThat(preflight.header("access-control-allow-methods").orElse("").toUpperCase())
                .contains("GET", "POST");
        assertThat(preflight.header("access-control-allow-headers").orElse("").toLowerCase())
                .contains("authorization", "content-type");
    }

    @Test
    void corsOnTheSocketIoHandshakeOverHttp() {
        try (Http.Connection connection = new Http.Connection(server)) {
            assertError(
                    connection.send("GET", "/socket.io/?EIO=4&transport=polling", null, "Origin", FOREIGN),
                    403,
                    "FORBIDDEN");
        }
        try (Http.Connection connection = new Http.Connection(server)) {
            Response allowed = connection.send("GET", "/socket.io/?EIO=4&transport=polling", null, "Origin", ALLOWED);
            assertThat(allowed.status()).isEqualTo(200);
            assertThat(allowed.header("access-control-allow-origin")).contains(ALLOWED);
        }
        try (Http.Connection connection = new Http.Connection(server)) {
            Response upgrade = connection.send(
                    "GET",
                    "/socket.io/?EIO=4&transport=websocket",
                    null,
                    "Origin",
                    FOREIGN,
                    "Connection",
                    "Upgrade",
                    "Upgrade",
                    "websocket",
                    "Sec-WebSocket-Version",
                    "13",
                    "Sec-WebSocket-Key",
                    "dGhlIHNhbXBsZSBub25jZQ==");
            assertError(upgrade, 403, "FORBIDDEN");
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void corsOnTheSocketIoHandshakeWithTheClient(Via via) {
        String call = fresh("call");
        try (TestClient foreign = TestClient.connect(
                server.url(), via, Http.token(server, "f", call), Map.of("Origin", List.of(FOREIGN)))) {
            foreign.await("connect_error");
            assertThat(foreign.events()).doesNotContain("connect", "authenticated");
            assertThat(foreign.connected()).isFalse();
        }
        try (TestClient allowed = TestClient.connect(
                server.url(), via, Http.token(server, "a", call), Map.of("Origin", List.of(ALLOWED)))) {
            assertThat(allowed.await("authenticated").json().getString("userId"))
                    .isEqualTo("a");
            allowed.join(new JSONObject().put("sessionId", call));
        }
        try (TestClient native_ = TestClient.connect(server.url(), via, Http.token(server, "n", call))) {
            assertThat(native_.await("authenticated").json().getString("userId"))
                    .isEqualTo("n");
        }
    }
}
