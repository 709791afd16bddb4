package com.securevox.call.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

/**
 * A real HTTP server standing in for Django's "who may call whom" view: it answers {@code POST} with the status
 * {@code policy} gives for the body's {@code from} and {@code to} (0: no answer for 5 s), and records every request.
 * Used by the policy's unit tests and by the black-box tests.
 */
public final class FakeCallPolicy implements AutoCloseable {
    public static final String PATH = "/api/calls/can-call/";

    /** One request as Django saw it. */
    public record Seen(String method, String path, String contentType, String authorization, String body) {}

    private final HttpServer server;
    private final BiFunction<String, String, Integer> policy;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private FakeCallPolicy(BiFunction<String, String, Integer> policy) {
        this.policy = policy;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public static FakeCallPolicy answering(BiFunction<String, String, Integer> policy) {
        return new FakeCallPolicy(policy);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public URI url() {
        return URI.create(baseUrl() + PATH);
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    body));
            // The server writes the body itself: {"from":"<id>","to":"<id>"} with ids that need no escaping.
            String from = field(body, "from");
            String to = field(body, "to");
            int status = policy.apply(from, to);
            if (status == 0) {
                try {
                    Thread.sleep(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            byte[] answer =
                    (status == 200 ? "{\"allowed\": true}" : "{\"detail\": \"no\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private static String field(String body, String name) {
        String key = "\"" + name + "\":\"";
        int start = body.indexOf(key);
        if (start < 0) {
            return "";
        }
        int end = body.indexOf('"', start + key.length());
        return body.substring(start + key.length(), end);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
