package com.securevox.call.it;

import static com.securevox.call.it.Replies.assertCallError;
import static com.securevox.call.it.Replies.assertFailure;
import static com.securevox.call.it.Replies.assertOk;
import static com.securevox.call.it.TestClient.fresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Received;
import com.securevox.call.it.TestClient.Via;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recording a call over Socket.IO ({@code start_recording}, {@code stop_recording}, {@code recording_state}) and the
 * backend's {@code POST/DELETE /api/calls/{sessionId}/recording}, against the packaged server with a managed Janus
 * ({@code SECUREVOX_CALL_MEDIA=auto}) and a second one with {@code SECUREVOX_CALL_MEDIA=mesh}: who may record, the
 * refusals with their codes and messages, a two-party mesh moving to the SFU to be recorded, everyone (a newcomer too)
 * told, and the recording's row ending {@code failed} (its clients publish no media) rather than staying
 * {@code recording}.
 */
class RecordingSignalingIT {
    /** The recording's files are made off the media path after it stops; with no media there is little to do. */
    private static final Duration PROCESSED = Duration.ofSeconds(30);

    private static final String BEARER = "Bearer " + ServerProcess.API_KEY;

    /** SFU managed, media auto (a call moves to the SFU at three participants, or to be recorded). */
    static ServerProcess server;
    /** SFU managed, media mesh: calls never move to the SFU, so none can be recorded. */
    static ServerProcess meshOnly;

    @BeforeAll
    static void start() {
        // Both at once: each starts its own Janus.
        CompletableFuture<ServerProcess> auto =
                CompletableFuture.supplyAsync(() -> SfuServers.start("auto", "44000-44499", Map.of()));
        CompletableFuture<ServerProcess> mesh =
                CompletableFuture.supplyAsync(() -> SfuServers.start("mesh", "44500-44999", Map.of()));
        server = auto.join();
        meshOnly = mesh.join();
    }

    @AfterAll
    static void stop() {
        SfuServers.stop(server, meshOnly);
    }

    // ---- helpers ----

    /** Connects with a token of that role and waits for {@code authenticated}. */
    private static TestClient authenticated(ServerProcess on, String userId, String sessionId, String role) {
        String token = Http.mint(
                        on,
                        new JSONObject()
                                .put("userId", userId)
                                .put("sessionId", sessionId)
                                .put("role", role))
                .getString("token");
        TestClient client = TestClient.connect(on.url(), Via.WEBSOCKET, token);
        client.await("authenticated");
        return client;
    }

    /** {@link #authenticated}, then {@code join_call} (declaring the sfu capability if {@code sfu}). */
    private static TestClient joined(ServerProcess on, String userId, String sessionId, String role, boolean sfu) {
        TestClient client = authenticated(on, userId, sessionId, role);
        JSONObject join = new JSONObject().put("sessionId", sessionId);
        if (sfu) {
            join.put("capabilities", new JSONArray().put("sfu"));
        }
        client.join(join);
        client.await("call_joined");
        return client;
    }

    /** The next {@code media_mode}, which must say that mode for that call. */
    private static void assertMode(TestClient client, String sessionId, String mode) {
        JSONObject media = client.await("media_mode").json();
        assertThat(media.getString("sessionId")).as("media_mode %s", media).isEqualTo(sessionId);
        assertThat(media.getString("mode")).as("media_mode %s", media).isEqualTo(mode);
    }

    /** The next {@code recording_state}, which must be exactly {@code {sessionId, recording, by, recordingId}}. */
    private static void assertRecordingState(
            TestClient client, String sessionId, boolean recording, String by, String recordingId) {
        JSONObject state = client.await("recording_state").json();
        assertThat(state.similar(new JSONObject()
                        .put("sessionId", sessionId)
                        .put("recording", recording)
                        .put("by", by)
                        .put("recordingId", recordingId)))
                .as("recording_state %s (expected recording %s by %s, %s)", state, recording, by, recordingId)
                .isTrue();
    }

    private static String assertRecordingId(JSONObject ack) {
        assertOk(ack);
        String id = ack.getString("recordingId");
        assertThat(id).matches("rec_[0-9a-f]{24}");
        return id;
    }

    /** The call's one recording in {@code GET /api/recordings?sessionId=}, or null while there is none. */
    private static JSONObject listedRecording(String sessionId) {
        Http.Response list = Http.get(server.url() + "/api/recordings?sessionId=" + sessionId, "Authorization", BEARER);
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        JSONArray recordings = list.json().getJSONArray("recordings");
        assertThat(recordings.length()).as("%s", list).isLessThanOrEqualTo(1);
        return recordings.isEmpty() ? null : recordings.getJSONObject(0);
    }

    private static Http.Response recordingRequest(ServerProcess on, String method, String sessionId) {
        return Http.request(method, on.url() + "/api/calls/" + sessionId + "/recording", null, "Authorization", BEARER);
    }

    private static String mediaNow(ServerProcess on, String sessionId) {
        JSONArray calls = Http.get(on.url() + "/api/call/stats", "Authorization", BEARER)
                .json()
                .getJSONArray("activeCalls");
        for (int i = 0; i < calls.length(); i++) {
            if (calls.getJSONObject(i).getString("sessionId").equals(sessionId)) {
                return calls.getJSONObject(i).getString("media");
            }
        }
        throw new AssertionError("call " + sessionId + " not in progress: " + calls);
    }

    private static List<String> names(TestClient client) {
        return client.log().stream().map(Received::event).toList();
    }

    // ---- who may record ----

    @Test
    void aParticipantIsForbiddenAndTheMessageNamesItsRole() {
        String call = fresh("call");
        try (TestClient host = joined(server, fresh("host"), call, "host", true);
                TestClient participant = joined(server, fresh("part"), call, "participant", true)) {
            for (String event : List.of("start_recording", "stop_recording")) {
                JSONObject error = assertFailure(participant.call(event, new JSONObject()), "FORBIDDEN");
                assertThat(error.getString("message"))
                        .contains(event)
                        .contains("role participant")
                        .contains("expected: host");
            }
            // Without an acknowledgement the refusal comes as call_error.
            participant.emit("start_recording", new JSONObject());
            assertThat(assertCallError(participant, "start_recording", "FORBIDDEN")
                            .getString("message"))
                    .contains("expected: host");
            assertThat(names(host)).doesNotContain("recording_state");
        }
    }

    @Test
    void aHostWhoHasNotJoinedIsNotInTheCallEvenWhileJoinedFromAnotherSocket() {
        String call = fresh("call");
        String hostId = fresh("host");
        try (TestClient host = authenticated(server, hostId, call, "host")) {
            assertThat(assertFailure(host.call("start_recording", new JSONObject()), "NOT_IN_CALL")
                            .getString("message"))
                    .contains("join the call first");
            assertFailure(host.call("stop_recording", new JSONObject()), "NOT_IN_CALL");
            // Without a payload, as the contract allows: the same answer.
            assertFailure(host.callWithoutPayload("start_recording"), "NOT_IN_CALL");

            // The same host joined from another socket: that socket is in the call (stopping is refused only because
            // nothing is recorded), this one still is not, as for every other in-call event.
            try (TestClient joined = joined(server, hostId, call, "host", true)) {
                assertFailure(joined.call("stop_recording", new JSONObject()), "CONFLICT");
                assertFailure(host.call("start_recording", new JSONObject()), "NOT_IN_CALL");
                assertThat(names(joined)).doesNotContain("recording_state");
            }
        }
    }

    @Test
    void aHostNamingAnotherCallIsForbidden() {
        String call = fresh("call");
        String other = fresh("call");
        try (TestClient host = joined(server, fresh("host"), call, "host", true)) {
            JSONObject error =
                    assertFailure(host.call("start_recording", new JSONObject().put("sessionId", other)), "FORBIDDEN");
            assertThat(error.getString("message")).contains(other).contains(call);
            assertFailure(host.call("stop_recording", new JSONObject().put("sessionId", other)), "FORBIDDEN");
        }
    }

    @Test
    void aPayloadThatIsNotAnObjectOrASessionIdThatIsNotAStringIsInvalid() {
        String call = fresh("call");
        try (TestClient host = joined(server, fresh("host"), call, "host", true)) {
            assertThat(assertFailure(host.call("start_recording", 5), "INVALID_PAYLOAD")
                            .getString("message"))
                    .contains("payload")
                    .contains("start_recording");
            assertThat(assertFailure(host.call("start_recording", "call"), "INVALID_PAYLOAD")
                            .getString("message"))
                    .contains("payload");
            assertThat(assertFailure(
                                    host.call("start_recording", new JSONObject().put("sessionId", 5)),
                                    "INVALID_PAYLOAD")
                            .getString("message"))
                    .contains("sessionId");
            assertFailure(host.call("stop_recording", new JSONObject().put("sessionId", "")), "INVALID_PAYLOAD");
            assertThat(names(host)).doesNotContain("recording_state");
        }
    }

    // ---- a recording, start to end ----

    @Test
    void aHostRecordsATwoPartyMeshWhichMovesToTheSfuAndEveryoneIsTold() {
        String call = fresh("call");
        String hostId = fresh("host");
        try (TestClient host = joined(server, hostId, call, "host", true);
                TestClient guest = joined(server, fresh("guest"), call, "participant", true)) {
            assertMode(host, call, "mesh");
            assertMode(guest, call, "mesh");
            assertThat(mediaNow(server, call)).isEqualTo("mesh");

            String id = assertRecordingId(host.call("start_recording", new JSONObject()));
            for (TestClient client : List.of(host, guest)) {
                assertRecordingState(client, call, true, hostId, id);
                assertMode(client, call, "sfu");
            }
            assertThat(mediaNow(server, call)).isEqualTo("sfu");

            ServerProcess.await(TestClient.WAIT, "the recording listed", () -> listedRecording(call) != null);
            JSONObject listed = listedRecording(call);
            assertThat(listed.getString("id")).isEqualTo(id);
            assertThat(listed.getString("sessionId")).isEqualTo(call);
            assertThat(listed.getString("startedBy")).isEqualTo(hostId);
            assertThat(listed.getString("status")).isEqualTo("recording");
            assertThat(listed.isNull("endedAt")).as("%s", listed).isTrue();

            try (TestClient late = joined(server, fresh("late"), call, "participant", true)) {
                assertRecordingState(late, call, true, hostId, id);
                assertMode(late, call, "sfu");
                List<String> order = names(late);
                assertThat(order.indexOf("call_joined"))
                        .as("call_joined before recording_state: %s", order)
                        .isLessThan(order.indexOf("recording_state"));
                host.await("participant_joined");
                guest.await("participant_joined");

                JSONObject again = assertFailure(host.call("start_recording", new JSONObject()), "CONFLICT");
                assertThat(again.getString("message")).contains(id);

                JSONObject stopped = assertOk(host.call("stop_recording", new JSONObject().put("sessionId", call)));
                assertThat(stopped.getString("recordingId")).isEqualTo(id);
                for (TestClient client : List.of(host, guest, late)) {
                    assertRecordingState(client, call, false, hostId, id);
                }
                assertFailure(host.call("stop_recording", new JSONObject()), "CONFLICT");
                for (TestClient client : List.of(host, guest, late)) {
                    assertThat(client.all("recording_state"))
                            .as("one recording_state per change")
                            .isEmpty();
                }
            }
        }

        // Nobody published media, so nothing playable was recorded: the recording fails, saying so (observed: already
        // failed at the first look after the stop), and does not stay "recording" or "processing".
        List<String> seen = new ArrayList<>();
        ServerProcess.await(PROCESSED, "the recording processed", () -> {
            String status = listedRecording(call).getString("status");
            if (seen.isEmpty() || !seen.getLast().equals(status)) {
                seen.add(status);
            }
            return status.equals("failed") || status.equals("ready");
        });
        JSONObject done = listedRecording(call);
        assertThat(done.getString("status"))
                .as("%s (statuses seen %s)", done, seen)
                .isEqualTo("failed");
        assertThat(done.getString("failure")).isEqualTo("nothing playable was recorded");
        assertThat(done.getBoolean("partial")).isFalse();
        assertThat(done.getJSONArray("files").isEmpty()).isTrue();
        assertThat(done.isNull("endedAt")).as("%s", done).isFalse();
        assertThat(done.getLong("endedAt")).isGreaterThanOrEqualTo(done.getLong("startedAt"));
        assertThat(seen).isSubsetOf("recording", "processing", "failed");

        JSONObject described = Http.get(
                        server.url() + "/api/recordings/" + done.getString("id"), "Authorization", BEARER)
                .json();
        assertThat(described.getString("status")).isEqualTo("failed");
    }

    @Test
    void aParticipantWhoseAppCannotUseTheSfuKeepsTheCallPeerToPeerAndUnrecorded() {
        String call = fresh("call");
        try (TestClient host = joined(server, fresh("host"), call, "host", true);
                TestClient old = joined(server, fresh("old"), call, "participant", false)) {
            assertMode(host, call, "mesh");
            JSONObject error = assertFailure(host.call("start_recording", new JSONObject()), "SFU_UNAVAILABLE");
            assertThat(error.getString("message")).contains("a participant's app cannot use the SFU");
            assertThat(mediaNow(server, call)).isEqualTo("mesh");
            assertThat(names(host)).doesNotContain("recording_state").containsOnlyOnce("media_mode");
            assertThat(names(old)).doesNotContain("recording_state", "media_mode");

            Http.Response api = recordingRequest(server, "POST", call);
            assertThat(api.status()).as("%s", api).isEqualTo(503);
            assertThat(api.json().getJSONObject("error").getString("code")).isEqualTo("SFU_UNAVAILABLE");
            assertThat(mediaNow(server, call)).isEqualTo("mesh");
        }
    }

    @Test
    void aServerWhoseCallsArePeerToPeerOnlyCannotRecord() {
        String call = fresh("call");
        try (TestClient host = joined(meshOnly, fresh("host"), call, "host", true);
                TestClient guest = joined(meshOnly, fresh("guest"), call, "participant", true)) {
            JSONObject error = assertFailure(host.call("start_recording", new JSONObject()), "SFU_UNAVAILABLE");
            assertThat(error.getString("message")).contains("SECUREVOX_CALL_MEDIA=mesh");

            Http.Response api = recordingRequest(meshOnly, "POST", call);
            assertThat(api.status()).as("%s", api).isEqualTo(503);
            JSONObject apiError = api.json().getJSONObject("error");
            assertThat(apiError.getString("code")).isEqualTo("SFU_UNAVAILABLE");
            assertThat(apiError.getString("message")).contains("SECUREVOX_CALL_MEDIA=mesh");

            assertThat(mediaNow(meshOnly, call)).isEqualTo("mesh");
            assertThat(names(host)).doesNotContain("recording_state");
            assertThat(names(guest)).doesNotContain("recording_state");
        }
    }

    // ---- the backend ----

    @Test
    void theBackendStartsAndStopsARecordingOfACallInProgress() {
        String call = fresh("call");
        try (TestClient host = joined(server, fresh("host"), call, "host", true);
                TestClient guest = joined(server, fresh("guest"), call, "participant", true)) {
            assertMode(host, call, "mesh");
            assertMode(guest, call, "mesh");

            Http.Response started = recordingRequest(server, "POST", call);
            assertThat(started.status()).as("%s", started).isEqualTo(201);
            String id = started.json().getString("recordingId");
            assertThat(id).matches("rec_[0-9a-f]{24}");
            assertThat(started.json().getString("sessionId")).isEqualTo(call);
            for (TestClient client : List.of(host, guest)) {
                assertRecordingState(client, call, true, "api", id);
                assertMode(client, call, "sfu");
            }

            Http.Response twice = recordingRequest(server, "POST", call);
            assertThat(twice.status()).as("%s", twice).isEqualTo(409);
            assertThat(twice.json().getJSONObject("error").getString("code")).isEqualTo("CONFLICT");

            Http.Response stopped = recordingRequest(server, "DELETE", call);
            assertThat(stopped.status()).as("%s", stopped).isEqualTo(200);
            assertThat(stopped.json().getString("recordingId")).isEqualTo(id);
            for (TestClient client : List.of(host, guest)) {
                assertRecordingState(client, call, false, "api", id);
            }

            Http.Response notRecorded = recordingRequest(server, "DELETE", call);
            assertThat(notRecorded.status()).as("%s", notRecorded).isEqualTo(409);
            assertThat(notRecorded.json().getJSONObject("error").getString("code"))
                    .isEqualTo("CONFLICT");

            ServerProcess.await(TestClient.WAIT, "the recording listed", () -> listedRecording(call) != null);
            assertThat(listedRecording(call).getString("startedBy")).isEqualTo("api");
        }
    }

    @Test
    void theBackendGets404ForACallNotInProgress() {
        String unknown = fresh("call");
        for (String method : List.of("POST", "DELETE")) {
            Http.Response response = recordingRequest(server, method, unknown);
            assertThat(response.status()).as("%s %s", method, response).isEqualTo(404);
            assertThat(response.json().getJSONObject("error").getString("code")).isEqualTo("NOT_FOUND");
        }
    }
}
