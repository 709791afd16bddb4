package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.json.JSONObject;

/** A webhook endpoint on a free port that keeps every event as it arrived, for tests of what a call's webhooks say. */
final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<JSONObject> received = new ArrayList<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    static WebhookReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        WebhookReceiver receiver = new WebhookReceiver(server);
        server.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (receiver.received) {
                receiver.received.add(new JSONObject(body));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return receiver;
    }

    /** What {@code SECUREVOX_CALL_WEBHOOK_URL} should be. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    int count() {
        synchronized (received) {
            return received.size();
        }
    }

    /**
     * Each event as {@code "<sequence> <type>"} in the order received, after checking that every one is of {@code
     * call} and that no event id arrived twice (one node at a time delivers the shared outbox).
     */
    List<String> sequenceOf(String call) {
        List<String> events = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        synchronized (received) {
            for (JSONObject event : received) {
                assertThat(event.getString("sessionId")).isEqualTo(call);
                assertThat(ids.add(event.getString("id")))
                        .as("event %s arrives once", event)
                        .isTrue();
                events.add(event.getLong("sequence") + " " + event.getString("type"));
            }
        }
        return events;
    }

    /** Every event received so far, in the order received, redeliveries included. */
    List<JSONObject> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The first event of that type received, if any. */
    java.util.Optional<JSONObject> first(String type) {
        synchronized (received) {
            return received.stream()
                    .filter(e -> e.getString("type").equals(type))
                    .findFirst();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
