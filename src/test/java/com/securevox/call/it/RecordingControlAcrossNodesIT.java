package com.securevox.call.it;

import static com.securevox.call.it.TestClient.fresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import com.securevox.call.testing.RedisServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * The backend starts and stops a recording through a node that does not serve the call: two server processes sharing
 * a private Redis and a PostgreSQL database, node A with a managed Janus serving a two-party call (its clients on A,
 * publishing nothing), node B without an SFU. {@code POST} and {@code DELETE /api/calls/{id}/recording} sent to B act
 * on A: its clients are told, its call moves to the SFU, the recording's row names A and A processes it once stopped.
 * B's answers are A's: the success bodies, and a second start or stop refused by A with A's very status and body. A
 * call no node serves is 404 from B as from A, and B checks the API key before it forwards anything. Every answer is
 * held to the OpenAPI document ({@link Http}). Starting and stopping on one node: {@link RecordingSignalingIT}.
 */
class RecordingControlAcrossNodesIT {
    private static final String BEARER = "Bearer " + ServerProcess.API_KEY;
    private static final String NODE_A = "it-recctl-a";
    private static final String NODE_B = "it-recctl-b";
    /** With nothing published the recording fails at once after the stop; its processing is quick. */
    private static final Duration PROCESSED = Duration.ofSeconds(30);

    private static Http.Response recording(ServerProcess on, String method, String call, String... headers) {
        return Http.request(method, on.url() + "/api/calls/" + call + "/recording", null, headers);
    }

    private static Http.Response recording(ServerProcess on, String method, String call) {
        return recording(on, method, call, "Authorization", BEARER);
    }

    /** Connects to {@code on} with a token of {@code role} and joins {@code call} declaring the sfu capability. */
    private static TestClient joined(ServerProcess on, String userId, String call, String role) {
        String token = Http.mint(
                        on,
                        new JSONObject()
                                .put("userId", userId)
                                .put("sessionId", call)
                                .put("role", role))
                .getString("token");
        TestClient client = TestClient.connect(on.url(), Via.WEBSOCKET, token);
        client.await("authenticated");
        client.join(new JSONObject().put("sessionId", call).put("capabilities", new JSONArray().put("sfu")));
        client.await("call_joined");
        return client;
    }

    /** B's answer must be the one A gives to the same request: status and body. */
    private static void assertSameAnswer(Http.Response fromB, Http.Response fromA, int status, String code) {
        assertThat(fromB.status()).as("from %s: %s", NODE_B, fromB).isEqualTo(status);
        assertThat(fromB.json().getJSONObject("error").getString("code")).isEqualTo(code);
        assertThat(fromA.status()).as("from %s: %s", NODE_A, fromA).isEqualTo(status);
        assertThat(fromB.json().similar(fromA.json()))
                .as("from %s %s, from %s %s", NODE_B, fromB.body(), NODE_A, fromA.body())
                .isTrue();
    }

    /** The next {@code recording_state}, which must be exactly {@code {sessionId, recording, by: api, recordingId}}. */
    private static void assertToldByApi(TestClient client, String call, boolean recording, String id) {
        JSONObject state = client.await("recording_state").json();
        assertThat(state.similar(new JSONObject()
                        .put("sessionId", call)
                        .put("recording", recording)
                        .put("by", "api")
                        .put("recordingId", id)))
                .as("recording_state %s (expected recording %s, %s)", state, recording, id)
                .isTrue();
    }

    /** The call's one recording as {@code on} lists it, or null while there is none. */
    private static JSONObject listed(ServerProcess on, String call) {
        Http.Response list = Http.get(on.url() + "/api/recordings?sessionId=" + call, "Authorization", BEARER);
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        JSONArray recordings = list.json().getJSONArray("recordings");
        assertThat(recordings.length()).as("%s", list).isLessThanOrEqualTo(1);
        return recordings.isEmpty() ? null : recordings.getJSONObject(0);
    }

    /** The node its row names: the node that records it and will have its files. The API does not show it. */
    private static String rowNode(PgDatabase database, String id) throws SQLException {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), "postgres", null);
                PreparedStatement select = c.prepareStatement("SELECT node FROM recordings WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).as("a row for recording %s", id).isTrue();
                return row.getString(1);
            }
        }
    }

    @Test
    void aRecordingIsStartedAndStoppedThroughANodeThatDoesNotServeTheCall() throws Exception {
        Path dataA = ServerProcess.newDataDir();
        Path dataB = ServerProcess.newDataDir();
        ServerProcess a = null;
        ServerProcess b = null;
        try (RedisServer redis = RedisServer.start();
                PgDatabase database = PgDatabase.create()) {
            try {
                a = SfuServers.start(
                        "auto",
                        "45500-45999",
                        Nodes.settings(NODE_A, redis, database, "SECUREVOX_CALL_DATA_DIR", dataA.toString()));
                b = Nodes.start(NODE_B, redis, database, "SECUREVOX_CALL_DATA_DIR", dataB.toString());
                Nodes.awaitListed(b, NODE_A);
                startAndStopThroughB(redis, database, a, b);
            } finally {
                // Drained while Redis and the database are still there, so that A stops its Janus.
                SfuServers.stop(a, b);
            }
        } finally {
            ServerProcess.delete(dataA);
            ServerProcess.delete(dataB);
        }
    }

    private static void startAndStopThroughB(RedisServer redis, PgDatabase database, ServerProcess a, ServerProcess b)
            throws SQLException {
        // A call no node serves: B answers it as A (and a single node) does.
        String nowhere = fresh("nocall");
        for (String method : List.of("POST", "DELETE")) {
            assertSameAnswer(recording(b, method, nowhere), recording(a, method, nowhere), 404, "NOT_FOUND");
        }

        String call = fresh("call");
        try (TestClient host = joined(a, fresh("host"), call, "host");
                TestClient guest = joined(a, fresh("guest"), call, "participant")) {
            assertThat(Nodes.owner(redis, call)).startsWith(NODE_A + ":");

            // The key is B's to check before anything is forwarded: nothing starts.
            Http.Response noKey = recording(b, "POST", call, "Authorization", "Bearer not-the-key");
            assertThat(noKey.status()).as("%s", noKey).isEqualTo(401);
            assertThat(noKey.json().getJSONObject("error").getString("code")).isEqualTo("UNAUTHENTICATED");
            host.assertNothing(Duration.ofMillis(300), "recording_state");

            Http.Response started = recording(b, "POST", call);
            assertThat(started.status()).as("%s", started).isEqualTo(201);
            String id = started.json().getString("recordingId");
            assertThat(started.json().toMap()).isEqualTo(Map.of("recordingId", id, "sessionId", call));
            for (TestClient client : List.of(host, guest)) {
                assertToldByApi(client, call, true, id);
            }
            assertThat(rowNode(database, id)).isEqualTo(NODE_A);
            JSONObject recording = listed(a, call);
            assertThat(recording.getString("id")).isEqualTo(id);
            assertThat(recording.getString("status")).isEqualTo("recording");
            assertThat(recording.getString("startedBy")).isEqualTo("api");

            // A refuses a second start, naming the recording: B passes that on unchanged.
            Http.Response twice = recording(b, "POST", call);
            assertSameAnswer(twice, recording(a, "POST", call), 409, "CONFLICT");
            assertThat(twice.json().getJSONObject("error").getString("message")).contains(id);

            Http.Response stopped = recording(b, "DELETE", call);
            assertThat(stopped.status()).as("%s", stopped).isEqualTo(200);
            assertThat(stopped.json().toMap()).isEqualTo(Map.of("recordingId", id));
            for (TestClient client : List.of(host, guest)) {
                assertToldByApi(client, call, false, id);
            }
            assertSameAnswer(recording(b, "DELETE", call), recording(a, "DELETE", call), 409, "CONFLICT");

            // A, which recorded it, processes it: nobody published, so nothing playable was made.
            ServerProcess.await(PROCESSED, "the recording processed on " + NODE_A, () -> listed(a, call)
                    .getString("status")
                    .equals("failed"));
            assertThat(listed(a, call).getString("failure")).isEqualTo("nothing playable was recorded");
            assertThat(rowNode(database, id)).isEqualTo(NODE_A);
        }
    }
}
