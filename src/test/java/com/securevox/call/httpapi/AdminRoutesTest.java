package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.call.CallSnapshot;
import com.securevox.call.it.OpenApiContract;
import com.securevox.call.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The admin dashboard's routes through the whole API: nothing but the sign-in page answers without a session, the
 * sign-in rules and their failure limit, the cookie, the CSRF rule, expiry and sign-out, and what the JSON holds.
 */
class AdminRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "admin-routes-test-api-key";
    private static final String PASSWORD = "admin-routes-test-password";
    private static final String HOST = "calls.example.com";
    private static final String ORIGIN = "https://" + HOST;
    private static final Pattern COOKIE = Pattern.compile("securevox_admin=([A-Za-z0-9_-]+)");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LiveStats stats = new LiveStats();
    private final HttpApi api = TestHttpApi.with(KEY)
            .clock(clock)
            .stats(stats)
            .admin(new AdminAccess(Optional.of(PASSWORD), false))
            .build();

    /** Calls as a test sets them. */
    static final class LiveStats implements StatsSource {
        final List<CallSnapshot> calls = new ArrayList<>();

        @Override
        public List<CallSnapshot> activeCalls() {
            return List.copyOf(calls);
        }

        @Override
        public int activeCallCount() {
            return calls.size();
        }

        @Override
        public int connectedUsers() {
            return calls.stream().mapToInt(c -> c.participants().size()).sum();
        }

        @Override
        public int connections() {
            return connectedUsers();
        }

        @Override
        public String mediaOf(String sessionId) {
            return sessionId.startsWith("sfu") ? "sfu" : "mesh";
        }
    }

    @ParameterizedTest(name = "{0} {1} without a session -> {2}")
    @CsvSource({
        "GET, /admin, 303",
        "GET, /admin/, 303",
        "HEAD, /admin, 303",
        "GET, /admin/admin.js, 401",
        "GET, /admin/timeline.js, 401",
        "GET, /admin/api/calls, 401",
        "GET, /admin/api/calls/events, 401",
        "GET, /admin/api/health, 401",
        "GET, /admin/api/history, 401",
        "GET, /admin/api/webhooks/deliveries, 401",
        "POST, /admin/api/webhooks/deliveries/00000000-0000-0000-0000-000000000000/retry, 401",
        "POST, /admin/api/calls/some_call/end, 401",
        "GET, /admin/api/calls/some_call/quality, 401",
        "GET, /admin/vendor/uPlot.esm.js, 401",
        "POST, /admin/api/calls/some_call/participants/ann/remove, 401",
        "POST, /admin/api/calls/some_call/participants/ann/mute, 401",
        "GET, /admin/api/anything, 401",
        "DELETE, /admin/api/session, 204",
        "GET, /admin/nothing-here, 404",
        "GET, /admin/sign-in, 200",
        "GET, /admin/sign-in.js, 200",
        "GET, /admin/admin.css, 200",
    })
    void nothingButTheSignInPageAnswersWithoutASession(String method, String path, int status) {
        ApiResponse response = api.handle(request(method, path, Map.of("origin", ORIGIN), ""));
        assertThat(response.status()).isEqualTo(status);
        if (status == 303) {
            assertThat(response.headers()).containsEntry("location", "/admin/sign-in");
        }
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("calls\":[");
        assertThat(response.events()).isEmpty();
    }

    /**
     * The list above, made whole from what exists rather than from what was remembered: every operation the OpenAPI
     * document gives a dashboard route (bar signing in and out) and every file of the dashboard (bar the sign-in
     * page's) is closed without a session, even to the API key; a route or file added later is covered unasked.
     */
    @Test
    void everyDocumentedDashboardRouteAndEveryDashboardFileIsClosedWithoutASession() throws IOException {
        Map<String, String> withKey = Map.of("origin", ORIGIN, "authorization", "Bearer " + KEY);
        List<String> checked = new ArrayList<>();
        OpenApiContract.get().document().get("paths").properties().forEach(path -> {
            if (!path.getKey().startsWith(AdminRoutes.PAGE + "/")
                    || path.getKey().equals(AdminRoutes.SESSION)) {
                return;
            }
            String concrete = path.getKey()
                    .replaceAll("\\{id}", "00000000-0000-0000-0000-000000000000")
                    .replaceAll("\\{[^}]+}", "sample_1");
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (!List.of("get", "post", "put", "patch", "delete").contains(method)) {
                    return; // a path's parameters or description
                }
                String upper = method.toUpperCase(Locale.ROOT);
                ApiResponse response = api.handle(request(upper, concrete, withKey, "{}"));
                assertThat(response.status()).as(upper + " " + concrete).isEqualTo(401);
                assertThat(errorCode(response)).as(upper + " " + concrete).isEqualTo("UNAUTHENTICATED");
                checked.add(upper + " " + concrete);
            });
        });
        assertThat(checked)
                .as("the dashboard's operations in docs/openapi.yaml")
                .hasSizeGreaterThanOrEqualTo(10);

        Path files = Path.of("src/main/resources/static/admin");
        List<String> served = new ArrayList<>();
        try (Stream<Path> all = Files.walk(files)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                String path = AdminRoutes.PAGE + "/"
                        + files.relativize(file).toString().replace('\\', '/');
                String name = file.getFileName().toString();
                int expected =
                        switch (name) {
                            case "sign-in.js", "admin.css" -> 200; // what the sign-in page needs, and nothing else
                            case "index.html" -> 303; // at /admin, which sends to the sign-in page
                            case "sign-in.html" -> 200; // at /admin/sign-in
                            default -> 401;
                        };
                String at =
                        switch (name) {
                            case "index.html" -> AdminRoutes.PAGE;
                            case "sign-in.html" -> AdminRoutes.SIGN_IN_PAGE;
                            default -> path;
                        };
                if (StaticFiles.admin().find(at).isEmpty()) {
                    continue; // in the repository, not served (the chart library's licence)
                }
                ApiResponse response = api.handle(request("GET", at, withKey, ""));
                assertThat(response.status()).as("GET " + at).isEqualTo(expected);
                served.add(at);
            }
        }
        assertThat(served).as("the dashboard's files").contains("/admin/admin.js", "/admin/vendor/uPlot.esm.js");
    }

    @Test
    void aCookieThatIsNoSessionOpensNothing() {
        Map<String, String> forged = Map.of("cookie", "securevox_admin=" + "A".repeat(43));
        assertThat(api.handle(request("GET", "/admin/api/calls", forged, "")).status())
                .isEqualTo(401);
        assertThat(api.handle(request("GET", "/admin", forged, "")).status()).isEqualTo(303);
    }

    @ParameterizedTest(name = "secret ''{0}'' -> {1}")
    @CsvSource({
        "admin-routes-test-api-key, 204",
        "admin-routes-test-password, 204",
        "wrong, 401",
        "'', 401",
        "admin-routes-test-api-key!, 401",
    })
    void signInWithTheKeyOrThePassword(String secret, int status) {
        ApiResponse response = signIn(body(secret), Map.of("origin", ORIGIN));
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.headers().containsKey("set-cookie")).isEqualTo(status == 204);
    }

    @ParameterizedTest(name = "body {0} -> 400")
    @CsvSource(
            delimiter = '|',
            value = {"''", "{}", "{\"secret\": 1}", "{\"key\": \"x\"}", "{\"secret\": \"a\", \"extra\": 1}", "[1]"})
    void aMalformedSignInIsRefusedAsSuch(String body) {
        ApiResponse response = signIn(body, Map.of("origin", ORIGIN));
        assertThat(response.status()).isEqualTo(400);
        assertThat(errorCode(response)).isEqualTo("INVALID_PAYLOAD");
    }

    @Test
    void failedSignInsAreLimitedPerAddressLikeOtherFailedAuthentications() {
        for (int i = 0; i < HttpApi.FAILED_AUTH_BURST; i++) {
            assertThat(signIn(body("wrong"), Map.of("origin", ORIGIN)).status()).isEqualTo(401);
        }
        ApiResponse limited = signIn(body("wrong"), Map.of("origin", ORIGIN));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(errorCode(limited)).isEqualTo("RATE_LIMITED");
        assertThat(signIn(body(KEY), Map.of("origin", ORIGIN)).status())
                .as("the right secret is never refused for others' failures")
                .isEqualTo(204);
    }

    @ParameterizedTest(name = "tls={0}, X-Forwarded-Proto {1} -> Secure={2}")
    @CsvSource(
            nullValues = "NONE",
            value = {"false, NONE, false", "false, http, false", "false, https, true", "true, NONE, true"})
    void theCookieIsHttpOnlyStrictAndSecureUnderTls(boolean tls, String forwardedProto, boolean secure) {
        HttpApi server = TestHttpApi.with(KEY)
                .clock(clock)
                .admin(new AdminAccess(Optional.empty(), tls))
                .build();
        Map<String, String> headers = new HashMap<>(Map.of("origin", ORIGIN));
        if (forwardedProto != null) {
            headers.put("x-forwarded-proto", forwardedProto);
        }
        ApiResponse response = server.handle(request("POST", "/admin/api/session", headers, body(KEY)));
        String cookie = response.headers().get("set-cookie");
        assertThat(cookie)
                .matches("securevox_admin=[A-Za-z0-9_-]{43}; .*")
                .contains("; Path=/admin", "; Max-Age=28800", "; HttpOnly", "; SameSite=Strict");
        assertThat(cookie.contains("; Secure")).isEqualTo(secure);
    }

    @ParameterizedTest(name = "sign-in with Origin {0}, Sec-Fetch-Site {1} -> {2}")
    @CsvSource(
            nullValues = "NONE",
            value = {
                "https://evil.example, NONE, 403",
                "https://evil.example, same-origin, 403",
                "null, NONE, 403",
                "NONE, NONE, 403",
                "NONE, cross-site, 403",
                "NONE, same-origin, 204",
                "https://calls.example.com, NONE, 204",
            })
    void aSignInFromAnotherOriginIsRefused(String origin, String fetchSite, int status) {
        Map<String, String> headers = new HashMap<>();
        if (origin != null) {
            headers.put("origin", origin);
        }
        if (fetchSite != null) {
            headers.put("sec-fetch-site", fetchSite);
        }
        ApiResponse response = signIn(body(KEY), headers);
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.headers().containsKey("set-cookie")).isEqualTo(status == 204);
    }

    @Test
    void aSignOutFromAnotherOriginLeavesTheSessionAlone() {
        String cookie = signedIn();
        ApiResponse forged = api.handle(request(
                "DELETE", "/admin/api/session", Map.of("cookie", cookie, "origin", "https://evil.example"), ""));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(errorCode(forged)).isEqualTo("FORBIDDEN");
        assertThat(get("/admin/api/calls", cookie).status()).isEqualTo(200);
    }

    @Test
    void aReadFromAnotherOriginIsRefusedEvenWithTheCookie() {
        String cookie = signedIn();
        ApiResponse response = api.handle(
                request("GET", "/admin/api/calls", Map.of("cookie", cookie, "origin", "https://sub.example.com"), ""));
        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void signedInThePagesAndTheJsonAnswerUntilSignOut() throws IOException {
        stats.calls.add(new CallSnapshot("sfu_call", List.of("ann", "bob"), clock.instant(), true));
        String cookie = signedIn();

        ApiResponse page = get("/admin", cookie);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers())
                .containsEntry("content-type", "text/html; charset=utf-8")
                .containsEntry("x-frame-options", "DENY")
                .containsKey("content-security-policy");
        assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("id=\"calls-table\"");
        assertThat(get("/admin/admin.js", cookie).status()).isEqualTo(200);

        JsonNode calls = JSON.readTree(get("/admin/api/calls", cookie).body());
        assertThat(calls.path("serverTime").asLong()).isEqualTo(clock.millis());
        assertThat(calls.path("connectedUsers").asInt()).isEqualTo(2);
        JsonNode call = calls.path("calls").path(0);
        assertThat(call.path("sessionId").asText()).isEqualTo("sfu_call");
        assertThat(call.path("participants").toString()).isEqualTo("[\"ann\",\"bob\"]");
        assertThat(call.path("media").asText()).isEqualTo("sfu");
        assertThat(call.path("e2ee").asBoolean()).isTrue();
        assertThat(call.path("startedAt").asLong()).isEqualTo(clock.millis());

        JsonNode health = JSON.readTree(get("/admin/api/health", cookie).body());
        assertThat(health.path("version").asText()).isEqualTo("1.0.0");
        assertThat(health.path("activeCalls").asInt()).isEqualTo(1);

        ApiResponse out =
                api.handle(request("DELETE", "/admin/api/session", Map.of("cookie", cookie, "origin", ORIGIN), ""));
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.headers().get("set-cookie")).startsWith("securevox_admin=; Path=/admin; Max-Age=0");
        assertThat(get("/admin/api/calls", cookie).status()).isEqualTo(401);
        assertThat(get("/admin", cookie).status()).isEqualTo(303);
    }

    @Test
    void theHistoryAndWebhookReadersAnswerWithTheRestApisRules() throws IOException {
        String cookie = signedIn();
        ApiResponse history = api.handle(
                request("GET", "/admin/api/history", Map.of("cookie", cookie), "", Map.of("userId", List.of("ann"))));
        assertThat(history.status()).isEqualTo(200);
        assertThat(JSON.readTree(history.body()).path("calls").isArray()).isTrue();
        ApiResponse badQuery = api.handle(
                request("GET", "/admin/api/history", Map.of("cookie", cookie), "", Map.of("from", List.of("soon"))));
        assertThat(badQuery.status()).isEqualTo(400);
        assertThat(errorCode(badQuery)).isEqualTo("INVALID_QUERY");
        ApiResponse deliveries = get("/admin/api/webhooks/deliveries", cookie);
        assertThat(deliveries.status()).isEqualTo(200);
        assertThat(JSON.readTree(deliveries.body()).path("deliveries").isArray())
                .isTrue();
    }

    @ParameterizedTest(name = "retry with Origin {0} -> {1}")
    @CsvSource(
            nullValues = "NONE",
            value = {"https://evil.example, 403", "NONE, 403", "https://calls.example.com, 404"})
    void aRetryIsStateChangingAndSoSameOriginOnly(String origin, int status) {
        String cookie = signedIn();
        Map<String, String> headers = new HashMap<>(Map.of("cookie", cookie));
        if (origin != null) {
            headers.put("origin", origin);
        }
        String path = "/admin/api/webhooks/deliveries/00000000-0000-0000-0000-000000000000/retry";
        ApiResponse response = api.handle(request("POST", path, headers, ""));
        assertThat(response.status()).isEqualTo(status);
        assertThat(api.handle(request("GET", path, Map.of("cookie", cookie), ""))
                        .status())
                .isEqualTo(405);
    }

    @ParameterizedTest(name = "POST {0} with Origin {1} -> {2}")
    @CsvSource(
            nullValues = "NONE",
            value = {
                "/admin/api/calls/some_call/end, https://evil.example, 403, FORBIDDEN",
                "/admin/api/calls/some_call/end, NONE, 403, FORBIDDEN",
                "/admin/api/calls/some_call/end, https://calls.example.com, 404, NOT_FOUND",
                "/admin/api/calls/some_call/participants/ann/remove, https://evil.example, 403, FORBIDDEN",
                "/admin/api/calls/some_call/participants/ann/remove, https://calls.example.com, 404, NOT_FOUND",
                "/admin/api/calls/bad%20id/end, https://calls.example.com, 400, INVALID_QUERY",
            })
    void hostControlsAreSameOriginOnlyAndAnswerAsTheRestApi(String path, String origin, int status, String code) {
        String cookie = signedIn();
        Map<String, String> headers = new HashMap<>(Map.of("cookie", cookie));
        if (origin != null) {
            headers.put("origin", origin);
        }
        ApiResponse response = api.handle(request("POST", path, headers, ""));
        assertThat(response.status()).isEqualTo(status);
        assertThat(errorCode(response)).isEqualTo(code);
    }

    @Test
    void theLiveCallsCarryEachParticipantsGradeAndTheCallsWorstAndAGradeChangeIsNews() throws IOException {
        Map<String, Double> mos = new HashMap<>();
        HttpApi server = TestHttpApi.with(KEY)
                .clock(clock)
                .stats(stats)
                .admin(new AdminAccess(
                        Optional.empty(), false, (call, user) -> Optional.ofNullable(mos.get(call + "/" + user))))
                .build();
        stats.calls.add(new CallSnapshot("mesh_call", List.of("ann", "bob", "cid"), clock.instant()));
        Matcher matcher =
                COOKIE.matcher(server.handle(request("POST", "/admin/api/session", Map.of("origin", ORIGIN), body(KEY)))
                        .headers()
                        .get("set-cookie"));
        assertThat(matcher.find()).isTrue();
        Map<String, String> cookie = Map.of("cookie", matcher.group());

        JsonNode none = JSON.readTree(server.handle(request("GET", "/admin/api/calls", cookie, ""))
                        .body())
                .path("calls")
                .path(0);
        assertThat(none.has("grade")).as("no report yet: no grade").isFalse();
        assertThat(none.path("grades").size()).isZero();

        EventStream events = server.handle(request("GET", "/admin/api/calls/events", cookie, ""))
                .events()
                .orElseThrow();
        events.next().get().orElseThrow();
        mos.put("mesh_call/ann", 4.4);
        mos.put("mesh_call/bob", 3.7);
        JsonNode graded =
                JSON.readTree(events.next().get().orElseThrow()).path("calls").path(0);
        assertThat(graded.path("grade").asText()).isEqualTo("fair");
        assertThat(graded.path("grades").toString()).isEqualTo("{\"ann\":\"excellent\",\"bob\":\"fair\"}");

        mos.put("mesh_call/bob", 3.9);
        assertThat(events.next().get())
                .as("a MOS that stays in its band is no news")
                .isEmpty();
        mos.put("mesh_call/bob", 2.0);
        assertThat(JSON.readTree(events.next().get().orElseThrow())
                        .path("calls")
                        .path(0)
                        .path("grade")
                        .asText())
                .isEqualTo("bad");
    }

    @Test
    void aSessionExpiresAfterEightHours() {
        String cookie = signedIn();
        clock.advance(Duration.ofHours(8).minusSeconds(1));
        assertThat(get("/admin/api/calls", cookie).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertThat(get("/admin/api/calls", cookie).status()).isEqualTo(401);
    }

    @Test
    void theEventStreamSendsTheListWhenItChangesAndEndsWithTheSession() throws IOException {
        String cookie = signedIn();
        ApiResponse response = get("/admin/api/calls/events", cookie);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("content-type", "text/event-stream; charset=utf-8");
        EventStream events = response.events().orElseThrow();

        assertThat(JSON.readTree(events.next().get().orElseThrow())
                        .path("calls")
                        .size())
                .isZero();
        assertThat(events.next().get()).as("nothing changed").isEmpty();

        stats.calls.add(new CallSnapshot("mesh_call", List.of("ann"), clock.instant()));
        JsonNode added = JSON.readTree(events.next().get().orElseThrow());
        assertThat(added.path("calls").path(0).path("participants").toString()).isEqualTo("[\"ann\"]");
        clock.advance(Duration.ofSeconds(30));
        assertThat(events.next().get()).as("time passing alone is no news").isEmpty();

        stats.calls.set(0, new CallSnapshot("mesh_call", List.of(), clock.instant()));
        assertThat(JSON.readTree(events.next().get().orElseThrow())
                        .path("calls")
                        .path(0)
                        .path("participants")
                        .size())
                .isZero();

        assertThat(events.open().getAsBoolean()).isTrue();
        api.handle(request("DELETE", "/admin/api/session", Map.of("cookie", cookie, "origin", ORIGIN), ""));
        assertThat(events.open().getAsBoolean())
                .as("signing out ends the stream")
                .isFalse();
    }

    private String signedIn() {
        ApiResponse response = signIn(body(KEY), Map.of("origin", ORIGIN));
        Matcher matcher = COOKIE.matcher(response.headers().get("set-cookie"));
        assertThat(matcher.find()).isTrue();
        return matcher.group();
    }

    private ApiResponse get(String path, String cookie) {
        return api.handle(request("GET", path, Map.of("cookie", cookie), ""));
    }

    private ApiResponse signIn(String body, Map<String, String> headers) {
        return api.handle(request("POST", "/admin/api/session", headers, body));
    }

    private static ApiRequest request(String method, String path, Map<String, String> headers, String body) {
        return request(method, path, headers, body, Map.of());
    }

    private static ApiRequest request(
            String method, String path, Map<String, String> headers, String body, Map<String, List<String>> query) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("host", HOST);
        return new ApiRequest(method, path, all, body.getBytes(StandardCharsets.UTF_8), "203.0.113.5", query);
    }

    private static String body(String secret) {
        return "{\"secret\": \"" + secret + "\"}";
    }

    private static String errorCode(ApiResponse response) {
        try {
            return JSON.readTree(response.body()).path("error").path("code").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
