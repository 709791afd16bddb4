package com.securevox.call.it;

import static com.securevox.call.it.TestClient.fresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/** Webhooks from the real jar to a real receiver that is down during a call and across a server restart. */
class WebhookIT {
    private static final String SECRET = "webhook-it-secret-0123456789";

    @Test
    void eventsOfACallMadeWhileTheReceiverWasDownArriveInOrderAfterARestart() throws Exception {
        Path data = ServerProcess.newDataDir();
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Map<String, String> env = Map.of(
                "SECUREVOX_CALL_DATA_DIR",
                data.toString(),
                "SECUREVOX_CALL_RECONNECT_GRACE",
                "0s",
                "SECUREVOX_CALL_WEBHOOK_URL",
                "http://127.0.0.1:" + port + "/hooks",
                "SECUREVOX_CALL_WEBHOOK_SECRET",
                SECRET);
        String call = fresh("call");
        List<String[]> received = new ArrayList<>();
        HttpServer receiver = null;
        try {
            // Nothing listens: every attempt fails while alice and bob call.
            try (ServerProcess server = ServerProcess.start(env)) {
                try (TestClient a = TestClient.joined(server, Via.WEBSOCKET, "alice", call);
                        TestClient b = TestClient.joined(server, Via.WEBSOCKET, "bob", call)) {
                    a.await("participant_joined");
                    b.call("mute_video", new JSONObject().put("muted", true));
                    a.await("participant_updated");
                }
                ServerProcess.await(
                        Duration.ofSeconds(20), "the failed attempts to show", () -> !pendingWithAttempts(server)
                                .isEmpty());
                server.signal("TERM");
                assertThat(server.awaitExit(Duration.ofSeconds(20))).isZero();
            }
            receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            receiver.createContext("/hooks", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                synchronized (received) {
                    received.add(new String[] {
                        exchange.getRequestHeaders().getFirst("X-SecureVOX-Event-Id"),
                        exchange.getRequestHeaders().getFirst("X-SecureVOX-Signature"),
                        body
                    });
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            receiver.start();

            try (ServerProcess again = ServerProcess.start(env)) {
                ServerProcess.await(Duration.ofSeconds(30), "all 7 events", () -> {
                    synchronized (received) {
                        return received.size() >= 7;
                    }
                });
                assertThat(pendingWithAttempts(again)).isEmpty();
                // This process delivered all seven (the first one's attempts found nobody listening).
                ServerProcess.await(
                        Duration.ofSeconds(10), "seven deliveries counted in /metrics", () -> Http.metricsWithoutNode(
                                        again.url())
                                .contains("securevox_webhook_deliveries_total{outcome=\"delivered\"} 7.0"));
                // One node on SQLite: it always delivers.
                assertThat(Http.metricsWithoutNode(again.url())).contains("securevox_webhook_leading 1.0");
            }
            List<String> types = new ArrayList<>();
            List<Long> sequences = new ArrayList<>();
            synchronized (received) {
                for (String[] delivery : received) {
                    JSONObject event = new JSONObject(delivery[2]);
                    assertThat(delivery[0]).isEqualTo(event.getString("id"));
                    assertThat(event.getString("sessionId")).isEqualTo(call);
                    String t = delivery[1].substring(2, delivery[1].indexOf(','));
                    assertThat(delivery[1]).isEqualTo("t=" + t + ",v1=" + hmac(t + "." + delivery[2]));
                    types.add(event.getString("type"));
                    sequences.add(event.getLong("sequence"));
                }
            }
            assertThat(types)
                    .containsExactly(
                            "call.started",
                            "participant.joined",
                            "participant.joined",
                            "participant.updated",
                            "participant.left",
                            "participant.left",
                            "call.ended");
            assertThat(sequences).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        } finally {
            if (receiver != null) {
                receiver.stop(0);
            }
            ServerProcess.delete(data);
        }
    }

    /** A host's mute, removal and end are webhooks like any mute, leave and end, with their own reasons. */
    @Test
    void aHostsMuteRemoveAndEndArriveWithTheirReasons() throws Exception {
        List<JSONObject> received = new ArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (received) {
                received.add(new JSONObject(body));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String call = fresh("call");
        try (ServerProcess server = ServerProcess.start(Map.of(
                "SECUREVOX_CALL_WEBHOOK_URL",
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks",
                "SECUREVOX_CALL_WEBHOOK_SECRET",
                SECRET))) {
            String hostToken = Http.token(server, "host", call, "host");
            try (TestClient h = TestClient.connect(server.url(), Via.WEBSOCKET, hostToken);
                    TestClient a = TestClient.joined(server, Via.WEBSOCKET, "alice", call);
                    TestClient b = TestClient.joined(server, Via.WEBSOCKET, "bob", call)) {
                h.await("authenticated");
                h.join(new JSONObject().put("sessionId", call));
                h.call(
                        "mute_participant",
                        new JSONObject().put("userId", "alice").put("kind", "audio"));
                h.call("remove_participant", new JSONObject().put("userId", "bob"));
                h.call("end_call", new JSONObject());
                a.await("call_ended");
                ServerProcess.await(Duration.ofSeconds(30), "all 9 events", () -> {
                    synchronized (received) {
                        return received.size() >= 9;
                    }
                });
            }
        } finally {
            receiver.stop(0);
        }
        List<String> events = new ArrayList<>();
        synchronized (received) {
            for (JSONObject event : received) {
                JSONObject data = event.getJSONObject("data");
                events.add(event.getString("type") + " " + data.optString("userId", "-") + " "
                        + data.optString("reason", "-"));
            }
        }
        assertThat(events)
                .containsExactly(
                        "call.started - -",
                        "participant.joined alice -",
                        "participant.joined bob -",
                        "participant.joined host -",
                        "participant.updated alice -",
                        "participant.left bob kicked",
                        "participant.left alice ended_by_host",
                        "participant.left host ended_by_host",
                        "call.ended - ended_by_host");
    }

    private static List<Object> pendingWithAttempts(ServerProcess server) {
        var deliveries = Http.get(
                        server.url() + "/api/webhooks/deliveries?status=pending",
                        "Authorization",
                        "Bearer " + ServerProcess.API_KEY)
                .json()
                .getJSONArray("deliveries");
        List<Object> failed = new ArrayList<>();
        for (int i = 0; i < deliveries.length(); i++) {
            if (deliveries.getJSONObject(i).getInt("attempts") > 0) {
                failed.add(deliveries.get(i));
            }
        }
        return failed;
    }

    private static String hmac(String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }
}
