package com.securevox.call.httpapi;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Another node as far as forwarding sees it: a real HTTP server on a free port of the loopback that records each
 * request and answers with what the test set, or never (until closed) when it is {@link #silent}, or stops in the
 * middle of its body when it {@link #stallsAfter stalls}.
 */
final class PeerServer implements AutoCloseable {
    /** A request as it arrived: header names in lower case, the first value of each. */
    record Received(String method, String uri, Map<String, String> headers, String body) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile String body = "{}";
    private volatile boolean silent;
    private volatile int stallAfter = -1;

    PeerServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.getFirst()));
            received.add(new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    headers,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            if (silent) {
                awaitClose();
                exchange.close();
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.getResponseHeaders().add("X-Other", "not copied");
            exchange.sendResponseHeaders(status, bytes.length);
            if (stallAfter >= 0) {
                exchange.getResponseBody().write(bytes, 0, stallAfter);
                exchange.getResponseBody().flush();
                awaitClose();
                exchange.close();
                return;
            }
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    private void awaitClose() {
        try {
            closed.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    PeerServer answers(int status, String body) {
        this.status = status;
        this.body = body;
        return this;
    }

    /** Accepts requests and never answers them. */
    PeerServer silent() {
        this.silent = true;
        return this;
    }

    /** Answers with the head announcing the whole body, its first {@code bytes}, then nothing more until closed. */
    PeerServer stallsAfter(int bytes) {
        this.stallAfter = bytes;
        return this;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    PeerNodes.Peer peer(String id) {
        return new PeerNodes.Peer(id, url());
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
