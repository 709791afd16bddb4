package com.securevox.call.it;

import static com.securevox.call.it.TestClient.fresh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.securevox.call.it.TestClient.Via;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Call quality reports from the Java Socket.IO client to the real jar: crafted statistics become the expected MOS and
 * grade in {@code GET /api/calls/{sessionId}/quality} and in {@code /metrics}; malformed reports, a flood, and a socket
 * not in a call are refused; a participant whose MOS stays low raises {@code call.quality_alert} after the configured
 * time.
 */
class QualityIT {
    /** A report whose received audio has this RTT, jitter and loss; the SDK's shape. */
    static JSONObject report(String peer, double rtt, double jitter, double loss) {
        return new JSONObject()
                .put(
                        "connections",
                        new JSONArray()
                                .put(new JSONObject()
                                        .put("peer", peer)
                                        .put("candidateType", "srflx")
                                        .put("protocol", "udp")
                                        .put("rttMs", rtt)
                                        .put(
                                                "tracks",
                                                new JSONArray()
                                                        .put(new JSONObject()
                                                                .put("kind", "audio")
                                                                .put("direction", "inbound")
                                                                .put("codec", "opus")
                                                                .put("bitrateKbps", 31.5)
                                                                .put("packetsLost", 17)
                                                                .put("lossRatio", loss)
                                                                .put("jitterMs", jitter))
                                                        .put(new JSONObject()
                                                                .put("kind", "video")
                                                                .put("direction", "outbound")
                                                                .put("codec", "VP8")
                                                                .put("bitrateKbps", 850)
                                                                .put("fps", 30)
                                                                .put("width", 640)
                                                                .put("height", 480)
                                                                .put("qualityLimitation", "none")))));
    }

    @Test
    void reportsBecomeTimelinesWithTheirMosGradesMetricsAndAnAlert() throws Exception {
        String call = fresh("call");
        try (WebhookReceiver hooks = WebhookReceiver.start();
                ServerProcess server = ServerProcess.start(Map.of(
                        "SECUREVOX_CALL_WEBHOOK_URL",
                        hooks.url(),
                        "SECUREVOX_CALL_WEBHOOK_SECRET",
                        "quality-it-secret-0123456789",
                        "SECUREVOX_CALL_QUALITY_ALERT_AFTER",
                        "1s"));
                TestClient a = TestClient.joined(server, Via.WEBSOCKET, "alice", call);
                TestClient b = TestClient.joined(server, Via.POLLING, "bob", call);
                TestClient outsider = TestClient.authenticated(server, Via.WEBSOCKET, "carol", call)) {
            assertThat(error(outsider.call("quality_report", report("alice", 0, 0, 0))))
                    .isEqualTo("NOT_IN_CALL");
            JSONObject malformed = a.call(
                    "quality_report",
                    new JSONObject().put("connections", new JSONArray().put(new JSONObject().put("rttMs", -5))));
            assertThat(error(malformed)).isEqualTo("INVALID_PAYLOAD");
            assertThat(malformed.getJSONObject("error").getString("message"))
                    .isEqualTo("connections[0].rttMs: -5 (expected: a number from 0 to 60000, or absent)");

            // Alice hears bob through 600 ms of RTT, 50 ms of jitter and 40 % loss: R 0, MOS 1, bad. Bob hears her
            // perfectly: latency 10 ms, R 92.95, MOS 4.4044, excellent.
            assertThat(a.call("quality_report", report("bob", 600, 50, 0.4)).getBoolean("ok"))
                    .isTrue();
            assertThat(b.call("quality_report", report("alice", 0, 0, 0)).getBoolean("ok"))
                    .isTrue();

            JSONObject quality = awaitQuality(server, call, 2);
            assertThat(quality.getString("sessionId")).isEqualTo(call);
            assertThat(quality.getString("grade")).isEqualTo("bad");
            JSONObject alice = participant(quality, "alice");
            assertThat(alice.getDouble("mos")).isCloseTo(1.0, within(1e-9));
            assertThat(alice.getString("grade")).isEqualTo("bad");
            JSONObject point = alice.getJSONArray("points").getJSONObject(0);
            assertThat(point.getDouble("rttMs")).isEqualTo(600.0);
            assertThat(point.getDouble("jitterMs")).isEqualTo(50.0);
            assertThat(point.getDouble("lossRatio")).isEqualTo(0.4);
            assertThat(point.getLong("packetsLost")).isEqualTo(17);
            assertThat(point.getInt("width")).isEqualTo(640);
            assertThat(point.getString("candidateType")).isEqualTo("srflx");
            assertThat(point.getString("codec")).isEqualTo("opus");
            JSONObject bob = participant(quality, "bob");
            assertThat(bob.getDouble("mos")).isCloseTo(4.4044, within(5e-5));
            assertThat(bob.getString("grade")).isEqualTo("excellent");

            assertThat(Http.metricsWithoutNode(server.url()))
                    .contains("securevox_quality_mos_bucket{le=\"1.5\"} 1\n")
                    .contains("securevox_quality_mos_count 2\n")
                    .contains("securevox_quality_rtt_milliseconds_count 2\n")
                    .contains("securevox_quality_loss_ratio_count 2\n");

            // Alice stays bad past the configured second: one alert, in the call's signed webhook stream.
            Optional<JSONObject> alert = Optional.empty();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (alert.isEmpty()) {
                assertThat(System.nanoTime() - deadline)
                        .as("call.quality_alert within 30 s; received %d events", hooks.count())
                        .isNegative();
                LockSupport.parkNanos(Duration.ofMillis(2100).toNanos());
                a.call("quality_report", report("bob", 600, 50, 0.4));
                alert = hooks.first("call.quality_alert");
            }
            JSONObject data = alert.get().getJSONObject("data");
            assertThat(alert.get().getString("sessionId")).isEqualTo(call);
            assertThat(data.getString("userId")).isEqualTo("alice");
            assertThat(data.getDouble("mos")).isEqualTo(1.0);
            assertThat(data.getDouble("threshold")).isEqualTo(3.0);
            assertThat(data.getLong("belowSeconds")).isGreaterThanOrEqualTo(1);

            // A flood: three at once are taken, then they are refused until the cap refills.
            List<String> codes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                codes.add(error(b.call("quality_report", report("alice", 0, 0, 0))));
            }
            assertThat(codes).contains("RATE_LIMITED");
            assertThat(b.call("mute_audio", new JSONObject().put("muted", true)).getBoolean("ok"))
                    .as("other events are not refused")
                    .isTrue();
        }
    }

    @Test
    void anUnknownCallIs404() {
        try (ServerProcess server = ServerProcess.start(Map.of())) {
            Http.Response response = Http.get(
                    server.url() + "/api/calls/" + fresh("nocall") + "/quality",
                    "Authorization",
                    "Bearer " + ServerProcess.API_KEY);
            assertThat(response.status()).isEqualTo(404);
            assertThat(Http.get(server.url() + "/api/calls/" + fresh("nocall") + "/quality")
                            .status())
                    .as("without the API key")
                    .isEqualTo(401);
        }
    }

    /** The ack's error code; "ok" for a success. */
    private static String error(JSONObject ack) {
        return ack.optBoolean("ok") ? "ok" : ack.getJSONObject("error").getString("code");
    }

    private static JSONObject awaitQuality(ServerProcess server, String call, int participants) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Http.Response response = Http.get(
                    server.url() + "/api/calls/" + call + "/quality",
                    "Authorization",
                    "Bearer " + ServerProcess.API_KEY);
            if (response.status() == 200
                    && response.json().getJSONArray("participants").length() >= participants) {
                return response.json();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(participants + " participants' quality within 20 s; last answer " + response
                        + "; server output:\n" + server.output());
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private static JSONObject participant(JSONObject quality, String userId) {
        JSONArray participants = quality.getJSONArray("participants");
        for (int i = 0; i < participants.length(); i++) {
            if (participants.getJSONObject(i).getString("userId").equals(userId)) {
                return participants.getJSONObject(i);
            }
        }
        throw new AssertionError(userId + " not in " + quality);
    }
}
