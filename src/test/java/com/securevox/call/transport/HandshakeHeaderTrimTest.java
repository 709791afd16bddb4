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
    /** The headers of a desktop Chrome opening a Socket.IO websocket that the handler keeps... */
    private static final Map<String, String> KEPT = Map.ofEntries(
            Map.entry("host", "calls.example.com"),
            Map.entry("origin", "https://app.example.com"),
            Map.entry("connection", "Upgrade"),
            Map.entry("upgrade", "websocket"),
            Map.entry("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="),
            Map.entry("sec-websocket-version", "13"),
            Map.entry("sec-websocket-extensions", "permessage-deflate; client_max_window_bits"),
            Map.entry("user-agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36"),
            Map.entry("x-forwarded-for", "203.0.113.7"),
            Map.entry("x-forwarded-proto", "https"));

    /** ...and those it drops (names as browsers spell them: header names are case-insensitive). */
    private static final Map<String, String> DROPPED = Map.of(
            "Cookie", "sessionid=" + "x".repeat(2000) + "; csrftoken=abc",
            "Accept-Language", "en-GB,en;q=0.9,de;q=0.8",
            "Accept-Encoding", "gzip, deflate, br, zstd",
            "Cache-Control", "no-cache",
            "Pragma", "no-cache",
            "Sec-Fetch-Site", "cross-site",
            "sec-ch-ua-platform", "\"Linux\"",
            "Authorization", "Bearer not-for-socket-io");

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
        KEPT.forEach((name, value) -> request.headers().add(name, value));
        DROPPED.forEach((name, value) -> request.headers().add(name, value));

        channel.writeInbound(request);

        FullHttpRequest passed = channel.readInbound();
        try {
            assertThat(passed).isSameAs(request);
            Map<String, String> seen = new TreeMap<>();
            passed.headers().forEach(h -> seen.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
            if (trimmed) {
                assertThat(seen).isEqualTo(new TreeMap<>(KEPT));
            } else {
                assertThat(seen).hasSize(KEPT.size() + DROPPED.size()).containsAllEntriesOf(KEPT);
            }
        } finally {
            passed.release();
        }
    }
}
