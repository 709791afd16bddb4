package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.auth.CallTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The routes a development server adds (demo page, dev tokens) and the static files every server serves. */
class DevRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] SECRET = "dev-routes-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final CallTokens TOKENS = new CallTokens(SECRET, Duration.ofHours(1), Clock.systemUTC());

    private static HttpApi api(boolean demo, boolean devTokens) {
        return TestHttpApi.with(TOKENS, "dev-routes-test-api-key")
                .files(StaticFiles.load(demo))
                .devTokens(devTokens)
                .build();
    }

    private static ApiResponse call(HttpApi api, String method, String path, String body, String... headers) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        return api.handle(new ApiRequest(method, path, map, body.getBytes(StandardCharsets.UTF_8), "127.0.0.1"));
    }

    private static JsonNode json(ApiResponse response) throws IOException {
        return JSON.readTree(response.body());
    }

    @ParameterizedTest(name = "{0} demo={1} → {2} {3}")
    @CsvSource({
        "/,                       true,  200, text/html; charset=utf-8",
        "/demo/demo.js,           true,  200, text/javascript; charset=utf-8",
        "/demo/ring.js,           true,  200, text/javascript; charset=utf-8",
        "/sdk/device.js,          false, 200, text/javascript; charset=utf-8",
        "/demo/demo.css,          true,  200, text/css; charset=utf-8",
        "/sdk/securevox-call.js,  true,  200, text/javascript; charset=utf-8",
        "/sdk/socket.io.esm.min.js, false, 200, text/javascript; charset=utf-8",
        "/sdk/securevox-call.js,  false, 200, text/javascript; charset=utf-8",
        "/sdk/e2ee.js,            false, 200, text/javascript; charset=utf-8",
        "/sdk/e2ee-media.js,      false, 200, text/javascript; charset=utf-8",
        "/sdk/e2ee-worker.js,     false, 200, text/javascript; charset=utf-8",
        "/sdk/quality.js,         false, 200, text/javascript; charset=utf-8",
        "/sdk/device.js,          false, 200, text/javascript; charset=utf-8",
        "/,                       false, 404, application/json; charset=utf-8",
        "/demo/demo.js,           false, 404, application/json; charset=utf-8",
        "/demo/ring.js,           false, 404, application/json; charset=utf-8",
        "/sdk/../demo/demo.js,    true,  404, application/json; charset=utf-8",
        "/sdk/%2e%2e/demo/demo.js, true, 404, application/json; charset=utf-8",
        "/sdk/,                   true,  404, application/json; charset=utf-8",
        "/demo/,                  true,  404, application/json; charset=utf-8",
        "/static/sdk/securevox-call.js, true, 404, application/json; charset=utf-8",
        "/logback.xml,            true,  404, application/json; charset=utf-8",
    })
    void servesOnlyTheListedFiles(String path, boolean demo, int status, String contentType) {
        ApiResponse response = call(api(demo, false), "GET", path, "");

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.headers()).containsEntry("content-type", contentType);
    }

    @Test
    void staticFilesRevalidateWithTheirEtag() {
        HttpApi api = api(true, false);
        ApiResponse first = call(api, "GET", "/sdk/securevox-call.js", "");
        String etag = first.headers().get("etag");

        assertThat(first.headers()).containsEntry("cache-control", "no-cache");
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).contains("export class SecureVoxCall");

        ApiResponse again = call(api, "GET", "/sdk/securevox-call.js", "", "if-none-match", "\"other\", " + etag);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers()).containsEntry("etag", etag);

        assertThat(call(api, "GET", "/sdk/securevox-call.js", "", "if-none-match", "\"stale\"")
                        .status())
                .isEqualTo(200);
        assertThat(call(api, "HEAD", "/", "").status()).isEqualTo(200);
        assertThat(call(api, "POST", "/", "").status()).isEqualTo(405);
    }

    @Test
    void devTokensNeedNoCredentialsButAValidBody() throws Exception {
        HttpApi api = api(true, true);
        ApiResponse minted = call(api, "POST", "/api/dev/token", "{\"userId\":\"alice\",\"sessionId\":\"demo_1\"}");

        assertThat(minted.status()).isEqualTo(200);
        String token = json(minted).get("token").asText();
        assertThat(TOKENS.verify(token).userId()).isEqualTo("alice");
        assertThat(TOKENS.verify(token).sessionId()).isEqualTo("demo_1");

        ApiResponse noUser = call(api, "POST", "/api/dev/token", "{\"sessionId\":\"demo_1\"}");
        assertThat(noUser.status()).isEqualTo(400);
        assertThat(json(noUser).at("/error/message").asText())
                .isEqualTo("userId: missing (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])");

        ApiResponse badSession = call(api, "POST", "/api/dev/token", "{\"userId\":\"alice\",\"sessionId\":\"a b\"}");
        assertThat(badSession.status()).isEqualTo(400);
        assertThat(json(badSession).at("/error/message").asText()).startsWith("sessionId: 'a b'");

        assertThat(call(api, "GET", "/api/dev/token", "").status()).isEqualTo(405);
    }

    /** Both token routes read their body with the one strict reader: each key once, nothing after the object. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /api/dev/token  | {"userId":"alice","sessionId":"demo_1","userId":"admin"} | body: duplicate key 'userId' (expected: each key once)
            /api/call/token | {"userId":"alice","sessionId":"demo_1","userId":"admin"} | body: duplicate key 'userId' (expected: each key once)
            /api/dev/token  | {"userId":"alice","sessionId":"demo_1"}{"userId":"x"}    | body: unexpected content after the JSON object (expected: one JSON object)
            /api/call/token | {"userId":"alice","sessionId":"demo_1"} trailing          | body: unexpected content after the JSON object (expected: one JSON object)
            """)
    void tokenRoutesRefuseDuplicateKeysAndTrailingContent(String path, String body, String message) throws IOException {
        ApiResponse response =
                call(api(true, true), "POST", path, body, "authorization", "Bearer dev-routes-test-api-key");

        assertThat(response.status()).isEqualTo(400);
        assertThat(json(response).at("/error/code").asText()).isEqualTo("INVALID_PAYLOAD");
        assertThat(json(response).at("/error/message").asText()).isEqualTo(message);
    }

    @Test
    void devTokensDoNotExistInProduction() throws IOException {
        ApiResponse response =
                call(api(true, false), "POST", "/api/dev/token", "{\"userId\":\"alice\",\"sessionId\":\"demo_1\"}");

        assertThat(response.status()).isEqualTo(404);
        assertThat(json(response).at("/error/code").asText()).isEqualTo("NOT_FOUND");
    }
}
