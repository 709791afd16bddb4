package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.auth.CallTokens;
import com.securevox.call.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The failed-authentication limit on the API: failures are counted and, past the limit, answered 429 instead of 401;
 * a correct credential is never refused for failures of others at the same address; an address over the limit cannot
 * make Django work.
 */
class FailedAuthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_KEY = "failed-auth-test-api-key";
    private static final String ADDRESS = "203.0.113.7";
    private static final String BODY = "{\"userId\":\"alice\",\"sessionId\":\"call_1\"}";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FakeUsers django = new FakeUsers();
    private final HttpApi api = TestHttpApi.with(
                    new CallTokens(
                            "failed-auth-test-jwt-secret-0123456789".getBytes(StandardCharsets.UTF_8),
                            Duration.ofHours(1),
                            clock),
                    API_KEY)
            .users(django)
            .clock(clock)
            .devTokens(true)
            .build();

    /**
     * Django as the API sees it: {@code Token alice} is vouched for when asked, {@code Token wrong} refused; what it
     * remembers is set per test; every question is counted.
     */
    static final class FakeUsers implements UserVerifier {
        final Map<String, Optional<String>> remembered = new HashMap<>();
        int asked;

        @Override
        public String verify(String header) {
            asked++;
            return answer(header.equals("Token alice") ? Optional.of("alice") : Optional.empty());
        }

        @Override
        public Optional<String> known(String header) {
            return Optional.ofNullable(remembered.get(header)).map(FakeUsers::answer);
        }

        private static String answer(Optional<String> user) {
            return user.orElseThrow(
                    () -> new HttpApiException(HttpError.UNAUTHENTICATED, "Authorization: Django refused the token"));
        }
    }

    private ApiResponse post(String path, String authorization, String address) {
        Map<String, String> headers = new HashMap<>();
        if (authorization != null) {
            headers.put("authorization", authorization.replace("KEY", API_KEY));
        }
        return api.handle(new ApiRequest("POST", path, headers, BODY.getBytes(StandardCharsets.UTF_8), address));
    }

    private ApiResponse get(String path, String authorization) {
        Map<String, String> headers = new HashMap<>();
        if (authorization != null) {
            headers.put("authorization", authorization.replace("KEY", API_KEY));
        }
        return api.handle(new ApiRequest("GET", path, headers, new byte[0], ADDRESS));
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertThat(post("/api/call/token", "Bearer guess-" + i, ADDRESS).status())
                    .as("guess %d", i)
                    .isEqualTo(i < HttpApi.FAILED_AUTH_BURST ? 401 : 429);
        }
    }

    private static JsonNode json(ApiResponse response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "after {0} failures: {1} (Django remembers: {2}) → {3}, Django asked: {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            0  | Bearer KEY    | -        | 200 | false
            0  | Bearer wrong  | -        | 401 | false
            20 | Bearer wrong  | -        | 429 | false
            20 | Bearer KEY    | -        | 200 | false
            60 | Bearer KEY    | -        | 200 | false
            20 | -             | -        | 429 | false
            20 | Basic a2V5    | -        | 429 | false
            0  | Token alice   | -        | 200 | true
            0  | Token wrong   | -        | 401 | true
            19 | Token wrong   | -        | 401 | true
            20 | Token alice   | alice    | 200 | false
            20 | Token alice   | -        | 429 | false
            20 | Token wrong   | refused  | 429 | false
            20 | Token wrong   | -        | 429 | false
            """)
    void failuresPastTheLimitAre429AndCorrectCredentialsAlwaysWork(
            int failures, String authorization, String remembered, int status, boolean djangoAsked) {
        fail(failures);
        if (remembered != null) {
            django.remembered.put(
                    authorization, remembered.equals("refused") ? Optional.empty() : Optional.of(remembered));
        }
        // The token route takes the userId from a user token, so the body's must be that user's or absent.
        ApiResponse response = post("/api/call/token", authorization, ADDRESS);

        assertThat(response.status())
                .as(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo(status);
        assertThat(django.asked > 0).as("Django asked").isEqualTo(djangoAsked);
        if (status == 429) {
            assertThat(json(response).at("/error/code").asText()).isEqualTo("RATE_LIMITED");
            assertThat(json(response).at("/error/message").asText())
                    .isEqualTo("too many failed authentications from 203.0.113.7 (expected: at most 20 a minute)");
        }
    }

    @ParameterizedTest(name = "after 20 failures: {0} {1} with {2} → {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            GET  | /api/call/stats          | Bearer KEY   | 200
            GET  | /api/call/stats          | Bearer wrong | 429
            GET  | /api/calls               | Bearer KEY   | 200
            GET  | /api/calls               | -            | 429
            GET  | /api/webhooks/deliveries | Bearer KEY   | 200
            POST | /api/dev/token           | -            | 200
            GET  | /health                  | -            | 200
            """)
    void everyGuardedRouteVerifiesFirst(String method, String path, String authorization, int status) {
        fail(20);

        ApiResponse response = method.equals("GET") ? get(path, authorization) : post(path, authorization, ADDRESS);

        assertThat(response.status())
                .as(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo(status);
    }

    @Test
    void correctCredentialsSpendNothingAndOtherAddressesAreNotAffected() {
        fail(19);
        for (int i = 0; i < 50; i++) {
            assertThat(post("/api/call/token", "Bearer KEY", ADDRESS).status()).isEqualTo(200);
        }
        assertThat(post("/api/call/token", "Bearer wrong", ADDRESS).status())
                .as("the 20th failure")
                .isEqualTo(401);
        assertThat(post("/api/call/token", "Bearer wrong", ADDRESS).status())
                .as("the 21st failure")
                .isEqualTo(429);
        assertThat(post("/api/call/token", "Bearer wrong", "198.51.100.1").status())
                .as("another address")
                .isEqualTo(401);
    }

    @Test
    void timeGivesFailuresBack() {
        fail(20);
        assertThat(post("/api/call/token", "Token alice", ADDRESS).status()).isEqualTo(429);

        clock.advance(Duration.ofSeconds(3)); // 20 a minute: one back every 3 s

        assertThat(post("/api/call/token", "Token alice", ADDRESS).status()).isEqualTo(200);
        assertThat(django.asked).isEqualTo(1);
    }
}
