package com.securevox.call.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ResourceLeakDetector;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HandshakeHeaderTrimTest {
    /** What a desktop Chrome sends when a page on another origin opens a Socket.IO websocket. */
    private static final Map<String, String> BROWSER_HEADERS = Map.ofEntries(
            Map.entry("Host", "calls.example.com"),
            Map.entry("Origin", "https://app.example.com"),
            Map.entry("Connection", "Upgrade"),
            Map.entry("Upgrade", "websocket"),
            Map.entry("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
            Map.entry("Sec-WebSocket-Version", "13"),
            Map.entry("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"),
            Map.entry("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36"),
            Map.entry("X-Forwarded-For", "203.0.113.7"),
            Map.entry("Cookie", "sessionid=" + "x".repeat(2000) + "; csrftoken=abc"),
            Map.entry("Accept-Language", "en-GB,en;q=0.9,de;q=0.8"),
            Map.entry("Accept-Encoding", "gzip, deflate, br, zstd"),
            Map.entry("Cache-Control", "no-cache"),
            Map.entry("Pragma", "no-cache"),
            Map.entry("Sec-Fetch-Site", "cross-site"),
            Map.entry("sec-ch-ua-platform", "\"Linux\""),
            Map.entry("Authorization", "Bearer not-for-socket-io"));

    private static final Map<String, String> KEPT = Map.ofEntries(
            Map.entry("host", "calls.example.com"),
            Map.entry("origin", "https://app.example.com"),
            Map.entry("connection", "Upgrade"),
            Map.entry("upgrade", "websocket"),
            Map.entry("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="),
            Map.entry("sec-websocket-version", "13"),
            Map.entry("sec-websocket-extensions", "permessage-deflate; client_max_window_bits"),
            Map.entry("user-agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36"),
            Map.entry("x-forwarded-for", "203.0.113.7"));

    private final EmbeddedChannel channel = new EmbeddedChannel(new HandshakeHeaderTrim());

    @BeforeAll
    static void paranoidLeakDetection() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    @ParameterizedTest(name = "{0} → trimmed: {1}")
    @CsvSource({
        "/socket.io/?EIO=4&transport=websocket, true",
        "/socket.io/?EIO=4&transport=polling&t=PQx1, true",
        "/socket.io/?EIO=4&transport=polling&sid=abc, false",
        "/socket.io/?EIO=4&transport=websocket&sid=abc, false",
        "/api/call/token, false",
        "/health, false",
    })
    void sessionOpeningSocketIoRequestsKeepOnlyTheHeadersReadAgain(String uri, boolean trimmed) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        BROWSER_HEADERS.forEach((name, value) -> request.headers().add(name, value));

        channel.writeInbound(request);

        FullHttpRequest passed = channel.readInbound();
        try {
            assertThat(passed).isSameAs(request);
            Map<String, String> seen = new TreeMap<>();
            passed.headers().forEach(h -> seen.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
            if (trimmed) {
                assertThat(seen).isEqualTo(new TreeMap<>(KEPT));
            } else {
                assertThat(seen).hasSameSizeAs(BROWSER_HEADERS).containsAllEntriesOf(KEPT);
            }
        } finally {
            passed.release();
        }
    }
}
