package com.securevox.call.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A real webhook receiver on 127.0.0.1 that can be down (nothing listening) and come up on the same port. */
final class Receiver implements AutoCloseable {
    record Delivery(String eventId, String signature, String body) {}

    private final int port;
    private final List<Delivery> deliveries = new ArrayList<>();
    /** The status to answer with. */
    final AtomicInteger status = new AtomicInteger(204);

    private HttpServer server;

    Receiver() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port + "/hooks");
    }

    synchronized void up() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int answer = status.get();
            if (answer / 100 == 2) {
                synchronized (this) {
                    deliveries.add(new Delivery(
                            exchange.getRequestHeaders().getFirst(WebhookSignature.EVENT_ID_HEADER),
                            exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER),
                            body));
                }
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.start();
    }

    synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    @Override
    public void close() {
        down();
    }
}
