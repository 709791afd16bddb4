package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.auth.CallTokens;
import com.securevox.call.auth.TokenException;
import com.securevox.call.auth.UserClaims;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.Role;
import com.securevox.call.ring.DevicePresence;
import com.securevox.call.ring.Invite;
import com.securevox.call.ring.PushRing;
import com.securevox.call.ring.RingPush;
import com.securevox.call.ring.Rings;
import com.securevox.call.testing.ManualScheduler;
import com.securevox.call.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** User tokens and the ring routes over a real {@link Rings}, with Django as the API sees it. */
class RingRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_KEY = "ring-routes-test-api-key";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final CallTokens tokens = new CallTokens(
            "ring-routes-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8), Duration.ofHours(1), clock);
    private final Rings rings = new Rings(
            new DevicePresence(),
            (to, notice) -> {},
            fact -> {},
            RingPush.NONE,
            userIds -> java.util.Set.of(),
            sessionId -> java.util.Set.of(),
            new ManualScheduler(),
            clock,
            Duration.ofSeconds(45),
            Duration.ofSeconds(10),
            Duration.ofHours(1),
            com.securevox.call.ring.RingNodes.NONE);

    private HttpApi api(boolean devTokens) {
        return TestHttpApi.with(tokens, API_KEY)
                .users(new FailedAuthTest.FakeUsers())
                .clock(clock)
                .devTokens(devTokens)
                .rings(rings)
                .build();
    }

    private final HttpApi api = api(false);

    private static ApiResponse call(HttpApi api, String method, String path, String body, String authorization) {
        Map<String, String> headers = new HashMap<>();
        if (authorization != null) {
            headers.put("authorization", authorization);
        }
        return api.handle(new ApiRequest(method, path, headers, body.getBytes(StandardCharsets.UTF_8), "127.0.0.1"));
    }

    private static JsonNode json(ApiResponse response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** Bob's phone rings for Alice's call {@code call_1}. */
    private String ringBob() {
        rings.deviceConnected(new ConnectionId("bob-phone"), "bob");
        rings.invite(
                "alice",
                new ConnectionId("alice-phone"),
                new Invite(List.of("bob"), Optional.of("call_1"), PushRing.Media.VIDEO, Optional.empty()));
        return "Bearer " + tokens.mintUser("bob").token();
    }

    @Test
    void theBackendMintsAUserTokenForAnyoneAndAUserForItselfOnly() throws Exception {
        ApiResponse backend = call(api, "POST", "/api/user/token", "{\"userId\":\"bob\"}", "Bearer " + API_KEY);
        assertThat(backend.status()).isEqualTo(200);
        JsonNode minted = json(backend);
        assertThat(minted.get("userId").asText()).isEqualTo("bob");
        assertThat(minted.get("expiresAt").asLong())
                .isEqualTo(clock.instant().plus(Duration.ofHours(1)).getEpochSecond());
        assertThat(tokens.verifyUser(minted.get("token").asText()))
                .isEqualTo(new UserClaims("bob", clock.instant().plus(Duration.ofHours(1))));

        ApiResponse self = call(api, "POST", "/api/user/token", "{}", "Token alice");
        assertThat(self.status()).isEqualTo(200);
        assertThat(json(self).get("userId").asText()).isEqualTo("alice");
        ApiResponse other = call(api, "POST", "/api/user/token", "{\"userId\":\"bob\"}", "Token alice");
        assertThat(other.status()).isEqualTo(403);
        assertThat(json(other).get("error").get("code").asText()).isEqualTo("FORBIDDEN");
    }

    @Test
    void theDevelopmentRouteMintsWithoutCredentialsAndOnlyInDevelopment() throws Exception {
        ApiResponse dev = call(api(true), "POST", "/api/dev/user-token", "{\"userId\":\"bob\"}", null);
        assertThat(dev.status()).isEqualTo(200);
        assertThat(tokens.verifyUser(json(dev).get("token").asText()).userId()).isEqualTo("bob");
        assertThat(call(api, "POST", "/api/dev/user-token", "{\"userId\":\"bob\"}", null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aPartyReadsTheRingAndAnswersIt() throws Exception {
        String bob = ringBob();

        JsonNode status = json(call(api, "GET", "/api/rings/call_1", "", bob));
        assertThat(status.get("state").asText()).isEqualTo("ringing");
        assertThat(status.get("from").asText()).isEqualTo("alice");
        assertThat(status.get("media").asText()).isEqualTo("video");
        assertThat(status.get("expiresAt").asLong())
                .isEqualTo(clock.instant().plusSeconds(45).toEpochMilli());

        ApiResponse accepted = call(api, "POST", "/api/rings/call_1/accept", "", bob);
        assertThat(accepted.status()).isEqualTo(200);
        JsonNode ack = json(accepted);
        assertThat(ack.get("state").asText()).isEqualTo("accepted");
        assertThat(ack.get("role").asText()).isEqualTo("participant");
        assertThat(tokens.verify(ack.get("token").asText()).sessionId()).isEqualTo("call_1");
        assertThat(tokens.verify(ack.get("token").asText()).role()).isEqualTo(Role.PARTICIPANT);
        assertThat(json(call(api, "POST", "/api/rings/call_1/accept", "{}", bob)))
                .isNotNull();
        ApiResponse late = call(api, "POST", "/api/rings/call_1/decline", "", bob);
        assertThat(late.status()).isEqualTo(409);
        assertThat(json(late).get("error").get("code").asText()).isEqualTo("CONFLICT");
    }

    @ParameterizedTest(name = "body [{0}] → {1} {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"reason\":\"busy\"}     | 200 | busy",
                "{\"reason\":\"declined\"} | 200 | declined",
                "''                        | 200 | declined",
                "{\"reason\":\"later\"}    | 400 | INVALID_PAYLOAD",
                "{\"reason\":[]}           | 400 | INVALID_PAYLOAD",
                "[]                        | 400 | INVALID_PAYLOAD",
            })
    void aDeclineMayGiveItsReason(String body, int status, String stateOrCode) throws Exception {
        String bob = ringBob();

        ApiResponse response = call(api, "POST", "/api/rings/call_1/decline", body, bob);

        assertThat(response.status()).isEqualTo(status);
        JsonNode answer = json(response);
        assertThat(
                        status == 200
                                ? answer.get("state").asText()
                                : answer.get("error").get("code").asText())
                .isEqualTo(stateOrCode);
    }

    /** The ring routes take a user token: an unusable header is refused naming that, not the API key. */
    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "'Bearer '            | Bearer with no credential after it (expected: Bearer <user token>; is the variable",
                "'Bearer a b'         | the Bearer credential contains whitespace",
                "'Token abc'          | Token is not taken here (expected: Bearer <user token>)",
                "'Basic dXNlcjpwdw==' | unknown scheme (expected: Bearer <user token>)",
                "-                    | missing (expected: Bearer <user token>)",
            })
    void anUnusableHeaderIsRefusedNamingTheUserToken(String header, String expected) throws IOException {
        ApiResponse response = call(api, "GET", "/api/rings/call_1", "", header);

        assertThat(response.status()).isEqualTo(401);
        assertThat(json(response).get("error").get("message").asText()).startsWith("Authorization: " + expected);
    }

    @ParameterizedTest(name = "{0} {1} with {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "GET    | /api/rings/call_1        | call   | 401 | UNAUTHENTICATED",
                "GET    | /api/rings/call_1        | apikey | 401 | UNAUTHENTICATED",
                "GET    | /api/rings/call_1        | none   | 401 | UNAUTHENTICATED",
                "GET    | /api/rings/call_1        | carol  | 404 | RING_NOT_FOUND",
                "POST   | /api/rings/call_2/accept | bob    | 404 | RING_NOT_FOUND",
                "POST   | /api/rings/call_1/accept | alice  | 403 | FORBIDDEN",
                "DELETE | /api/rings/call_1        | bob    | 405 | METHOD_NOT_ALLOWED",
                "POST   | /api/rings/call_1/other  | bob    | 404 | NOT_FOUND",
                "POST   | /api/rings/a%20b/accept  | bob    | 404 | NOT_FOUND",
            })
    void badRingRequestsAreRefused(String method, String path, String who, int status, String code)
            throws IOException, TokenException {
        ringBob();
        String authorization =
                switch (who) {
                    case "call" ->
                        "Bearer "
                                + tokens.mint("bob", "call_1", Role.PARTICIPANT).token();
                    case "apikey" -> "Bearer " + API_KEY;
                    case "none" -> null;
                    default -> "Bearer " + tokens.mintUser(who).token();
                };

        ApiResponse response = call(api, method, path, "", authorization);

        assertThat(response.status()).isEqualTo(status);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo(code);
    }
}
