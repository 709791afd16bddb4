package com.securevox.call.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.auth.CallTokens;
import com.securevox.call.httpapi.HttpApi;
import com.securevox.call.httpapi.HttpError;
import com.securevox.call.httpapi.TestHttpApi;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ResourceLeakDetector;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our handlers in an EmbeddedChannel: what they answer, what they pass on, and that nothing leaks. */
class HttpHandlersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "handler-test-api-key-0123";
    private static final Set<String> ALLOWED = Set.of("https://app.example.com");

    private final AtomicBoolean draining = new AtomicBoolean();
    private final HttpApi api = TestHttpApi.with(
                    new CallTokens(
                            "handler-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8),
                            Duration.ofHours(1),
                            Clock.systemUTC()),
                    KEY)
            .draining(draining::get)
            .build();
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new HandshakeGate(new OriginCheck(ALLOWED::contains), draining::get, "held"::equals, api),
            new HttpApiHandler(api, Runnable::run, new OriginCheck(ALLOWED::contains), 64 * 1024, peer -> false));
    private final List<Object> toRelease = new ArrayList<>();

    @BeforeAll
    static void paranoidLeakDetection() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterEach
    void release() {
        toRelease.forEach(ReferenceCountUtil::release);
        channel.finishAndReleaseAll();
    }

    private FullHttpRequest request(HttpMethod method, String uri, String body, String... headers) {
        FullHttpRequest request = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, method, uri, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.headers().set(headers[i], headers[i + 1]);
        }
        return request;
    }

    private FullHttpResponse exchange(FullHttpRequest request) {
        channel.writeInbound(request);
        assertThat(request.refCnt()).as("request released").isZero();
        FullHttpResponse response = channel.readOutbound();
        assertThat(response).as("a response").isNotNull();
        toRelease.add(response);
        return response;
    }

    private static JsonNode body(FullHttpResponse response) {
        try {
            return JSON.readTree(response.content().toString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0} {1} → {3} {4}")
    @CsvSource(
            nullValues = "-",
            value = {
                "GET,     /health,          -,                         200, -",
                "GET,     /ready,           -,                         200, -",
                "GET,     /nope,            -,                         404, NOT_FOUND",
                "POST,    /health,          -,                         405, METHOD_NOT_ALLOWED",
                "POST,    /api/call/token,  -,                         401, UNAUTHENTICATED",
                "GET,     /api/call/stats,  -,                         401, UNAUTHENTICATED",
                "GET,     /api/calls,       -,                         401, UNAUTHENTICATED",
                "GET,     /api/calls?from=%ZZ, -,                      400, INVALID_QUERY",
                "GET,     /health,          https://evil.example,      403, FORBIDDEN",
                "GET,     /health,          https://app.example.com,   200, -",
            })
    void answersApiRequests(HttpMethod method, String path, String origin, int status, String code) {
        FullHttpRequest request = request(method, path, "");
        if (origin != null) {
            request.headers().set(HttpHeaderNames.ORIGIN, origin);
        }
        FullHttpResponse response = exchange(request);

        assertThat(response.status().code()).isEqualTo(status);
        assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/json; charset=utf-8");
        if (code != null) {
            assertThat(body(response).at("/error/code").asText()).isEqualTo(code);
            assertThat(body(response).at("/error/message").asText()).isNotBlank();
        }
        if (origin != null && status != 403) {
            assertThat(response.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN))
                    .isEqualTo(origin);
        }
    }

    @Test
    void mintsATokenWithTheApiKey() {
        FullHttpResponse response = exchange(request(
                HttpMethod.POST,
                "/api/call/token",
                "{\"userId\":\"alice\",\"sessionId\":\"call_1\"}",
                "Authorization",
                "Bearer " + KEY));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(body(response).get("token").asText()).contains(".");
        assertThat(body(response).get("role").asText()).isEqualTo("participant");
    }

    @Test
    void servesStaticFilesWithTheirOwnTypeAndValidator() {
        FullHttpResponse response = exchange(request(HttpMethod.GET, "/sdk/securevox-call.js", ""));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/javascript; charset=utf-8");
        assertThat(response.headers().get(HttpHeaderNames.ETAG)).startsWith("\"");
        assertThat(response.headers().get(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("no-cache");
        assertThat(response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH))
                .isEqualTo(response.content().readableBytes())
                .isPositive();
    }

    @Test
    void refusesApiBodiesOverTheLimit() {
        FullHttpResponse response = exchange(request(
                HttpMethod.POST, "/api/call/token", "x".repeat(64 * 1024 + 1), "Authorization", "Bearer " + KEY));

        assertThat(response.status().code()).isEqualTo(413);
        assertThat(body(response).at("/error/message").asText())
                .isEqualTo("body: 65537 bytes (expected: at most 65536)");
    }

    @Test
    void answersPreflightForAllowedOrigins() {
        FullHttpResponse response =
                exchange(request(HttpMethod.OPTIONS, "/api/call/token", "", "Origin", "https://app.example.com"));

        assertThat(response.status().code()).isEqualTo(204);
        assertThat(response.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS))
                .contains("Authorization");
    }

    @Test
    void keepsTheConnectionOnlyWhenTheRequestAllows() {
        exchange(request(HttpMethod.GET, "/health", ""));
        assertThat(channel.isOpen()).isTrue();

        exchange(request(HttpMethod.GET, "/health", "", "Connection", "close"));
        assertThat(channel.isOpen()).isFalse();
    }

    @ParameterizedTest(name = "{0} origin={1} draining={2} → {3}")
    @CsvSource(
            nullValues = "-",
            value = {
                "/socket.io/?EIO=4&transport=polling,           -,                        false, pass",
                "/socket.io/?EIO=4&transport=polling,           https://app.example.com,  false, pass",
                "/socket.io/?EIO=4&transport=polling,           https://evil.example,     false, 403",
                "/socket.io/?EIO=4&transport=websocket,         https://evil.example,     false, 403",
                "/socket.io/?EIO=4&transport=polling,           -,                        true,  503",
                "/socket.io/?EIO=4&transport=polling&sid=held,  -,                        true,  pass",
                "/socket.io/?EIO=4&transport=polling&sid=held,  -,                        false, pass",
                "/socket.io/?EIO=4&transport=polling&sid=abc,   -,                        false, pass",
                "/socket.io/?EIO=4&transport=polling&sid=abc,   -,                        true,  503",
                "/socket.io/?EIO=4&transport=websocket&sid=abc, -,                        true,  503",
                "/socket.io/?EIO=4&transport=polling&sid=,      -,                        true,  503",
            })
    void gatesSocketIoRequests(String uri, String origin, boolean isDraining, String outcome) {
        draining.set(isDraining);
        FullHttpRequest request = request(HttpMethod.GET, uri, "");
        if (origin != null) {
            request.headers().set(HttpHeaderNames.ORIGIN, origin);
        }
        channel.writeInbound(request);

        if (outcome.equals("pass")) {
            Object passed = channel.readInbound();
            assertThat(passed).isSameAs(request);
            toRelease.add(passed);
            Object answered = channel.readOutbound();
            assertThat(answered).isNull();
        } else {
            assertThat(request.refCnt()).isZero();
            FullHttpResponse response = channel.readOutbound();
            toRelease.add(response);
            assertThat(response.status().code()).isEqualTo(Integer.parseInt(outcome));
            assertThat(body(response).at("/error/code").asText())
                    .isEqualTo(outcome.equals("403") ? "FORBIDDEN" : "SERVER_DRAINING");
        }
    }

    @Test
    void oversizedRequestsGetJson413AndTheConnectionCloses() {
        List<String> endedSessions = new ArrayList<>();
        EmbeddedChannel raw = new EmbeddedChannel(
                new HttpRequestDecoder(),
                new LimitedAggregator(
                        1000, endedSessions::add, () -> api.error(HttpError.PAYLOAD_TOO_LARGE, "too big")));
        raw.writeInbound(Unpooled.copiedBuffer(
                "POST /socket.io/?EIO=4&transport=polling&sid=x HTTP/1.1\r\nContent-Length: 5000\r\n\r\n",
                StandardCharsets.UTF_8));

        FullHttpResponse response = raw.readOutbound();
        try {
            assertThat(response.status().code()).isEqualTo(413);
            assertThat(body(response).at("/error/code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
            assertThat(raw.isOpen()).isFalse();
            assertThat(endedSessions).containsExactly("/socket.io/?EIO=4&transport=polling&sid=x");
        } finally {
            ReferenceCountUtil.release(response);
            raw.finishAndReleaseAll();
        }
    }
}
