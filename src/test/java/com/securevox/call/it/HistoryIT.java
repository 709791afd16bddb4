package com.securevox.call.it;

import static com.securevox.call.it.Replies.assertOk;
import static com.securevox.call.it.TestClient.fresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * The call history end to end: real clients make calls, {@code /api/calls} shows them with their participants and
 * why each left; the history survives a restart; a database outage during a call disturbs nobody and the records
 * land once the database is back.
 */
class HistoryIT {
    static final Duration LANDS = Duration.ofSeconds(20);
    static final String PG_ADMIN = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String PG_USER = "postgres";

    @Test
    void aFinishedCallIsListedWithBothParticipantsAndSurvivesARestart() {
        Path data = ServerProcess.newDataDir();
        String call = fresh("call");
        String alice = fresh("alice");
        String bob = fresh("bob");
        Map<String, String> env =
                Map.of("SECUREVOX_CALL_DATA_DIR", data.toString(), "SECUREVOX_CALL_RECONNECT_GRACE", "0s");
        try {
            try (ServerProcess server = ServerProcess.start(env)) {
                try (TestClient a = TestClient.joined(server, Via.WEBSOCKET, alice, call);
                        TestClient b = TestClient.joined(server, Via.POLLING, bob, call)) {
                    a.await("participant_joined");
                    assertOk(b.call("leave_call", new JSONObject().put("sessionId", call)));
                    a.await("participant_left");
                }
                // alice's socket closed without leaving: with no grace she is disconnected, and the call ends.
                JSONObject listed = awaitEndedCall(server, "userId=" + bob, call);
                assertThat(listed.getString("endReason")).isEqualTo("disconnected");
                assertThat(listed.getInt("peakParticipants")).isEqualTo(2);
                assertThat(listed.getString("media"))
                        .as("two participants stay on the mesh")
                        .isEqualTo("mesh");
                assertThat(listed.getLong("durationSeconds")).isGreaterThanOrEqualTo(0);
                assertThat(listed.getLong("endedAt")).isGreaterThanOrEqualTo(listed.getLong("startedAt"));
                assertParticipants(listed, alice, "disconnected", "websocket", bob, "left", "polling");

                JSONObject detail = api(server, "/api/calls/" + call);
                assertThat(detail.getString("id")).isEqualTo(listed.getString("id"));
                assertThat(detail.getString("media")).isEqualTo("mesh");
                assertThat(api(server, "/api/calls?media=mesh&userId=" + bob)
                                .getJSONArray("calls")
                                .length())
                        .isEqualTo(1);
                assertThat(api(server, "/api/calls?media=sfu&userId=" + bob)
                                .getJSONArray("calls")
                                .length())
                        .isZero();
                JSONArray timeline = detail.getJSONArray("timeline");
                assertThat(timeline.toList().stream()
                                .map(e -> ((Map<?, ?>) e).get("event") + ":" + ((Map<?, ?>) e).get("userId"))
                                .toList())
                        .containsExactly(
                                "call_started:null",
                                "participant_joined:" + alice,
                                "participant_joined:" + bob,
                                "participant_left:" + bob,
                                "participant_left:" + alice,
                                "call_ended:null");

                Http.Response badLimit = Http.get(
                        server.url() + "/api/calls?limit=500", "Authorization", "Bearer " + ServerProcess.API_KEY);
                assertThat(badLimit.status()).isEqualTo(400);
                assertThat(badLimit.json().getJSONObject("error").getString("code"))
                        .isEqualTo("INVALID_QUERY");
                assertThat(badLimit.json().getJSONObject("error").getString("message"))
                        .startsWith("limit: '500'");
                Http.Response badMedia = Http.get(
                        server.url() + "/api/calls?media=p2p", "Authorization", "Bearer " + ServerProcess.API_KEY);
                assertThat(badMedia.status()).isEqualTo(400);
                assertThat(badMedia.json().getJSONObject("error").getString("message"))
                        .isEqualTo("media: 'p2p' (expected: mesh or sfu)");
                assertThat(Http.get(server.url() + "/api/calls").status()).isEqualTo(401);

                server.signal("TERM");
                assertThat(server.awaitExit(Duration.ofSeconds(20))).isZero();
            }
            try (ServerProcess again = ServerProcess.start(env)) {
                JSONObject kept = api(again, "/api/calls/" + call);
                assertThat(kept.getString("endReason")).isEqualTo("disconnected");
                assertThat(kept.getString("media")).isEqualTo("mesh");
                assertParticipants(kept, alice, "disconnected", "websocket", bob, "left", "polling");
            }
        } finally {
            ServerProcess.delete(data);
        }
    }

    @Test
    void participantsStillThereWhenTheDrainEndsAreRecordedAsDrained() {
        Path data = ServerProcess.newDataDir();
        String call = fresh("call");
        Map<String, String> env =
                Map.of("SECUREVOX_CALL_DATA_DIR", data.toString(), "SECUREVOX_CALL_DRAIN_TIMEOUT", "0s");
        try {
            try (ServerProcess server = ServerProcess.start(env);
                    TestClient a = TestClient.joined(server, Via.WEBSOCKET, "alice", call);
                    TestClient b = TestClient.joined(server, Via.WEBSOCKET, "bob", call)) {
                a.await("participant_joined");
                server.signal("TERM");
                assertThat(server.awaitExit(Duration.ofSeconds(20))).isZero();
            }
            try (ServerProcess again = ServerProcess.start(env)) {
                JSONObject drained = api(again, "/api/calls/" + call);
                assertThat(drained.getString("endReason")).isEqualTo("drained");
                assertThat(reasons(drained)).containsExactly("drained", "drained");
            }
        } finally {
            ServerProcess.delete(data);
        }
    }

    /**
     * The drain's end records a leave per member and an end per call at once: with more of them than the writers'
     * queues hold, it waits for room instead of dropping them (5,000 calls dropped 3,041 history records before).
     */
    @Test
    void aDrainEndingMoreCallsThanTheQueuesHoldRecordsEveryLeave() {
        Path data = ServerProcess.newDataDir();
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(fresh("call"));
        }
        Map<String, String> env = Map.of(
                "SECUREVOX_CALL_DATA_DIR",
                data.toString(),
                "SECUREVOX_CALL_DRAIN_TIMEOUT",
                "0s",
                // 20 calls end with 40 leaves and 20 ends: twice what each queue holds.
                "SECUREVOX_CALL_HISTORY_QUEUE",
                "30");
        List<TestClient> clients = new ArrayList<>();
        try {
            try (ServerProcess server = ServerProcess.start(env)) {
                for (String call : calls) {
                    TestClient a = TestClient.joined(server, Via.WEBSOCKET, "alice", call);
                    clients.add(a);
                    clients.add(TestClient.joined(server, Via.WEBSOCKET, "bob", call));
                    a.await("participant_joined");
                }
                server.signal("TERM");
                assertThat(server.awaitExit(Duration.ofSeconds(30))).isZero();
                assertThat(server.output()).doesNotContain("dropped");
            } finally {
                clients.forEach(TestClient::close);
            }
            try (ServerProcess again = ServerProcess.start(env)) {
                for (String call : calls) {
                    JSONObject drained = api(again, "/api/calls/" + call);
                    assertThat(drained.getString("endReason")).as(call).isEqualTo("drained");
                    assertThat(reasons(drained)).as(call).containsExactly("drained", "drained");
                }
            }
        } finally {
            ServerProcess.delete(data);
        }
    }

    @Test
    void aDatabaseOutageDuringACallDisturbsNobodyAndTheRecordsLandWhenItReturns() throws SQLException {
        String database =
                "securevox_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + database);
        String call = fresh("call");
        try (ServerProcess server = ServerProcess.start(
                Map.of("SECUREVOX_CALL_DATABASE_URL", "postgres://" + PG_USER + "@127.0.0.1:5432/" + database))) {
            try (TestClient a = TestClient.joined(server, Via.WEBSOCKET, "alice", call);
                    TestClient b = TestClient.joined(server, Via.WEBSOCKET, "bob", call)) {
                a.await("participant_joined");
                awaitCall(server, call);

                // The database goes away: no new connections, and the server's are cut.
                admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
                admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");

                assertOk(a.call("offer", new JSONObject().put("to", "bob").put("sdp", "v=0 during outage")));
                assertThat(b.await("offer").json().getJSONObject("sdp").getString("sdp"))
                        .isEqualTo("v=0 during outage");
                assertOk(b.call("mute_audio", new JSONObject().put("muted", true)));
                a.await("participant_updated");
                assertOk(b.call("leave_call", new JSONObject().put("sessionId", call)));
                a.await("participant_left");
                assertOk(a.call("leave_call", new JSONObject().put("sessionId", call)));

                Http.Response unavailable = Http.get(
                        server.url() + "/api/calls/" + call, "Authorization", "Bearer " + ServerProcess.API_KEY);
                assertThat(unavailable.status()).as(unavailable.toString()).isEqualTo(503);
                assertThat(unavailable.json().getJSONObject("error").getString("code"))
                        .isEqualTo("UNAVAILABLE");
            }

            admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");

            JSONObject landed = awaitEndedCall(server, "userId=alice", call);
            assertThat(landed.getString("endReason")).isEqualTo("left");
            assertThat(reasons(landed)).containsExactly("left", "left");
            assertThat(Http.metricsWithoutNode(server.url()))
                    .as("nothing had to be dropped")
                    .contains("securevox_history_dropped_total 0.0");
        } finally {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void anUnreachableDatabaseAtStartIsAClearErrorWithoutThePassword() {
        ServerProcess server = ServerProcess.launch(Map.of(
                "SECUREVOX_CALL_ENV", "production",
                "SECUREVOX_CALL_PORT", "0",
                "SECUREVOX_CALL_HOST", "127.0.0.1",
                "SECUREVOX_CALL_JWT_SECRET", ServerProcess.JWT_SECRET,
                "SECUREVOX_CALL_API_KEY", ServerProcess.API_KEY,
                "SECUREVOX_CALL_DATABASE_URL", "postgres://app:hunter2-secret@127.0.0.1:1/calls"));
        try (server) {
            assertThat(server.awaitExit(ServerProcess.START))
                    .as(server.output())
                    .isEqualTo(70);
            assertThat(server.errorOutput()).contains("cannot connect to the history database");
            assertThat(server.output()).doesNotContain("hunter2-secret");
        }
    }

    private static void assertParticipants(
            JSONObject call,
            String first,
            String firstReason,
            String firstTransport,
            String second,
            String secondReason,
            String secondTransport) {
        JSONArray participants = call.getJSONArray("participants");
        assertThat(participants.length()).as(call.toString()).isEqualTo(2);
        List<String> seen = List.of(describe(participants.getJSONObject(0)), describe(participants.getJSONObject(1)));
        assertThat(seen)
                .containsExactly(
                        first + " participant " + firstReason + " " + firstTransport,
                        second + " participant " + secondReason + " " + secondTransport);
        for (int i = 0; i < 2; i++) {
            JSONObject p = participants.getJSONObject(i);
            assertThat(p.getLong("leftAt")).isGreaterThanOrEqualTo(p.getLong("joinedAt"));
            assertThat(p.getString("userAgent").toLowerCase(Locale.ROOT)).isNotBlank();
        }
    }

    private static List<String> reasons(JSONObject call) {
        JSONArray participants = call.getJSONArray("participants");
        List<String> reasons = new java.util.ArrayList<>();
        for (int i = 0; i < participants.length(); i++) {
            reasons.add(participants.getJSONObject(i).getString("leaveReason"));
        }
        return reasons;
    }

    private static String describe(JSONObject p) {
        return p.getString("userId") + " " + p.getString("role") + " " + p.getString("leaveReason") + " "
                + p.getString("transport");
    }

    /** Polls the list (with this query) until the call is there and ended. */
    static JSONObject awaitEndedCall(ServerProcess server, String query, String sessionId) {
        JSONObject[] found = new JSONObject[1];
        ServerProcess.await(LANDS, "call " + sessionId + " to be recorded as ended", () -> {
            Http.Response response =
                    Http.get(server.url() + "/api/calls?" + query, "Authorization", "Bearer " + ServerProcess.API_KEY);
            if (response.status() != 200) {
                return false;
            }
            for (Object o : response.json().getJSONArray("calls")) {
                JSONObject c = (JSONObject) o;
                if (c.getString("sessionId").equals(sessionId) && !c.isNull("endedAt")) {
                    found[0] = c;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    static void awaitCall(ServerProcess server, String sessionId) {
        ServerProcess.await(
                LANDS,
                "call " + sessionId + " to be recorded",
                () -> Http.get(
                                        server.url() + "/api/calls/" + sessionId,
                                        "Authorization",
                                        "Bearer " + ServerProcess.API_KEY)
                                .status()
                        == 200);
    }

    static JSONObject api(ServerProcess server, String path) {
        Http.Response response = Http.get(server.url() + path, "Authorization", "Bearer " + ServerProcess.API_KEY);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    static void admin(String sql) {
        try (Connection connection = DriverManager.getConnection(PG_ADMIN, PG_USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
