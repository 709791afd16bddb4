package com.securevox.call.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server standing in for Django, on 127.0.0.1 and an OS-chosen port: it answers every request with
 * what {@code responder} says for the request's {@code Authorization} header, and records what it was sent. Used by
 * the unit tests and, through {@link #baseUrl()}, by the black-box tests.
 */
public final class FakeDjango implements AutoCloseable {
    public static final String VERIFY_PATH = "/api/auth/verify/";

    /** What the fake answers: a status, a body (sent as JSON) and how long to wait before answering. */
    public record Answer(int status, String body, Duration delay) {
        public static Answer of(int status, String body) {
            return new Answer(status, body, Duration.ZERO);
        }

        public Answer after(Duration wait) {
            return new Answer(status, body, wait);
        }
    }

    /** One request as the fake received it. */
    public record Seen(String method, String path, String authorization, String accept) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Function<String, Answer> responder;

    private FakeDjango(Function<String, Answer> responder) {
        this.responder = responder;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        // One virtual thread per request, so a slow answer does not hold up the next one.
        server.setExecutor(executor);
        server.start();
    }

    /** A fake that answers every request the same way. */
    public static FakeDjango answering(Answer answer) {
        return new FakeDjango(authorization -> answer);
    }

    /** A fake whose answer depends on the {@code Authorization} header ({@code null} when absent). */
    public static FakeDjango answering(Function<String, Answer> responder) {
        return new FakeDjango(responder);
    }

    /** {@code http://127.0.0.1:<port>}, what {@code DJANGO_BACKEND_URL} would be. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public URI verifyUrl() {
        return URI.create(baseUrl() + VERIFY_PATH);
    }

    public int requests() {
        return seen.size();
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    public Seen last() {
        return seen.getLast();
    }

    /** A loopback URL nobody listens on: the port was free a moment ago. */
    public static URI closedPortUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            seen.add(new Seen(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    authorization,
                    exchange.getRequestHeaders().getFirst("Accept")));
            Answer answer = responder.apply(authorization);
            if (!answer.delay().isZero()) {
                try {
                    Thread.sleep(answer.delay());
                } catch (InterruptedException e) {
                    return; // closing the fake
                }
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
