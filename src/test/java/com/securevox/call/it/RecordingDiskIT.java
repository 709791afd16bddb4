package com.securevox.call.it;

import static com.securevox.call.it.Replies.assertFailure;
import static com.securevox.call.it.TestClient.fresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Received;
import com.securevox.call.it.TestClient.Via;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A recordings disk without room, against the packaged server with a managed Janus: with {@code
 * SECUREVOX_CALL_RECORDING_MIN_FREE} above what any disk here has, a host's {@code start_recording} is refused with
 * {@code INSUFFICIENT_STORAGE} and the backend's {@code POST} with 507, both naming the folder, its free space and the
 * minimum; with {@code SECUREVOX_CALL_RECORD_ALL} the call that is not recorded shows as a failed recording saying why
 * (its {@code recording.failed}), and nobody is told the call is recorded.
 */
class RecordingDiskIT {
    private static final String BEARER = "Bearer " + ServerProcess.API_KEY;

    static ServerProcess server;
    static Path recordings;

    @BeforeAll
    static void start() throws Exception {
        recordings = Files.createTempDirectory("securevox-recdisk-it-");
        server = SfuServers.start(
                "sfu",
                "46000-46499",
                Map.of(
                        "SECUREVOX_CALL_RECORDINGS_DIR", recordings.toString(),
                        "SECUREVOX_CALL_RECORD_ALL", "1",
                        "SECUREVOX_CALL_RECORDING_MIN_FREE", "1024TB"));
    }

    @AfterAll
    static void stop() {
        SfuServers.stop(server);
    }

    @Test
    void aDiskWithoutRoomRefusesEveryStartSayingWhyAndRecordAllLeavesAFailedRecording() {
        String call = fresh("call");
        String shortage = "the disk holding " + recordings.toAbsolutePath().normalize() + " has ";
        try (TestClient host = joined(fresh("host"), call)) {
            JSONObject error = assertFailure(host.call("start_recording", new JSONObject()), "INSUFFICIENT_STORAGE");
            assertThat(error.getString("message"))
                    .startsWith("call " + call + " cannot be recorded: " + shortage)
                    .endsWith(" free (expected: at least 1 PB)");

            Http.Response api = Http.request(
                    "POST", server.url() + "/api/calls/" + call + "/recording", null, "Authorization", BEARER);
            assertThat(api.status()).as("%s", api).isEqualTo(507);
            JSONObject apiError = api.json().getJSONObject("error");
            assertThat(apiError.getString("code")).isEqualTo("INSUFFICIENT_STORAGE");
            assertThat(apiError.getString("message")).contains(shortage).endsWith("(expected: at least 1 PB)");

            ServerProcess.await(Duration.ofSeconds(30), "record all's failed recording", () -> {
                JSONArray listed = Http.get(server.url() + "/api/recordings?sessionId=" + call, "Authorization", BEARER)
                        .json()
                        .getJSONArray("recordings");
                return listed.length() == 1
                        && listed.getJSONObject(0).getString("status").equals("failed");
            });
            JSONObject failed = Http.get(server.url() + "/api/recordings?sessionId=" + call, "Authorization", BEARER)
                    .json()
                    .getJSONArray("recordings")
                    .getJSONObject(0);
            assertThat(failed.getString("startedBy")).isEqualTo("server");
            assertThat(failed.getString("failure"))
                    .contains(shortage)
                    .endsWith("(expected: at least 1 PB): the call was not recorded");
            assertThat(host.log().stream().map(Received::event)).doesNotContain("recording_state");
        }
    }

    private static TestClient joined(String userId, String sessionId) {
        String token = Http.mint(
                        server,
                        new JSONObject()
                                .put("userId", userId)
                                .put("sessionId", sessionId)
                                .put("role", "host"))
                .getString("token");
        TestClient client = TestClient.connect(server.url(), Via.WEBSOCKET, token);
        client.await("authenticated");
        client.join(new JSONObject().put("sessionId", sessionId).put("capabilities", new JSONArray().put("sfu")));
        client.await("call_joined");
        return client;
    }
}
