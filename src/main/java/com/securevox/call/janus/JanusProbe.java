package com.securevox.call.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks a Janus who it is: one WebSocket ({@code janus-protocol}), one {@code info} request, closed again. Janus
 * answers {@code info} without the API secret, so this tells whether Janus listens at all and whether it is the one we
 * configured; the real client ({@code JanusClient}) is a separate, long-lived connection.
 */
final class JanusProbe implements AutoCloseable {
    static final String SUBPROTOCOL = "janus-protocol";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http;
    private final Duration timeout;

    JanusProbe(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Janus's answer, or empty when nothing answered (not listening yet, or not a Janus) within the timeout. */
    Optional<JanusInfo> info(URI url) {
        CompletableFuture<String> answer = new CompletableFuture<>();
        CompletableFuture<WebSocket> opening = http.newWebSocketBuilder()
                .subprotocols(SUBPROTOCOL)
                .connectTimeout(timeout)
                .buildAsync(url, new Answer(answer));
        WebSocket socket;
        try {
            socket = opening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // A handshake that completes after we stopped waiting would leave a socket nobody aborts.
            opening.thenAccept(WebSocket::abort);
            return Optional.empty();
        } catch (InterruptedException e) {
            opening.thenAccept(WebSocket::abort);
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            socket.sendText("{\"janus\":\"info\",\"transaction\":\"securevox-probe\"}", true);
            return parse(answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException | IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            socket.abort();
        }
    }

    private Optional<JanusInfo> parse(String text) throws IOException {
        JsonNode info = json.readTree(text);
        if (!"server_info".equals(info.path("janus").asText())) {
            return Optional.empty();
        }
        return Optional.of(new JanusInfo(
                info.path("version_string").asText("unknown"),
                info.path("server-name").asText(""),
                info.path("api_secret").asBoolean(false),
                names(info.path("plugins")),
                names(info.path("transports"))));
    }

    /**
     * Shuts the client down without waiting: {@code HttpClient.close()} waits for every operation it started to finish,
     * and a WebSocket left open (or a handshake the JDK still tracks) would keep the server's start waiting forever.
     */
    @Override
    public void close() {
        http.shutdownNow();
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Collects the first whole text message, which may come in parts. */
    private static final class Answer implements WebSocket.Listener {
        private final CompletableFuture<String> answer;
        private final StringBuilder text = new StringBuilder();

        Answer(CompletableFuture<String> answer) {
            this.answer = answer;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                answer.complete(text.toString());
            } else {
                socket.request(1);
            }
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            answer.completeExceptionally(error);
        }
    }
}
