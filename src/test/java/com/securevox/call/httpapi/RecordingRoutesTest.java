package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.recording.RecordingCatalog;
import com.securevox.call.recording.RecordingFile;
import com.securevox.call.recording.RecordingId;
import com.securevox.call.store.HistoryStore;
import com.securevox.call.store.HistoryStores;
import com.securevox.call.store.RecordingNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The recording routes over a real SQLite catalog and real files. */
class RecordingRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "recording-routes-test-api-key";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String CONTENT = "0123456789abcdefghij"; // 20 bytes

    @TempDir
    Path dir;

    private HistoryStore store;
    private HttpApi api;
    private RecordingId ready;
    private RecordingId processing;
    /** What the scripted actions answer with: a stage, or a synchronous throw. */
    private Function<String, CompletionStage<RecordingId>> action;

    @BeforeEach
    void open() throws IOException {
        store = HistoryStores.sqlite(dir.resolve("history.db"));
        RecordingCatalog catalog = store.recordings(Clock.systemUTC(), Optional.empty(), RecordingNode.alone("n1"));
        Path recordings = dir.resolve("recordings");
        ready = RecordingId.random();
        catalog.started(ready, "s1", "alice", T0);
        catalog.processing(ready, T0.plusSeconds(60));
        catalog.ready(
                ready,
                List.of(
                        new RecordingFile(
                                "participant-1.webm", "alice", Duration.ZERO, Duration.ofSeconds(60), true, true, 20),
                        new RecordingFile(
                                "manifest.json", null, Duration.ZERO, Duration.ofSeconds(60), false, false, 2)),
                false,
                null);
        Files.createDirectories(recordings.resolve(ready.value()));
        Files.writeString(recordings.resolve(ready.value()).resolve("participant-1.webm"), CONTENT);
        Files.writeString(recordings.resolve(ready.value()).resolve("manifest.json"), "{}");
        Files.writeString(recordings.resolve(ready.value()).resolve("unlisted.webm"), "secret");
        processing = RecordingId.random();
        catalog.started(processing, "s2", "api", T0.plusSeconds(5));
        catalog.processing(processing, T0.plusSeconds(30));
        RecordingActions actions = new RecordingActions() {
            @Override
            public CompletionStage<RecordingId> start(String sessionId) {
                return action.apply("start " + sessionId);
            }

            @Override
            public CompletionStage<RecordingId> stop(String sessionId) {
                return action.apply("stop " + sessionId);
            }
        };
        api = TestHttpApi.with(KEY)
                .recordings(new HttpApi.Recordings(catalog, recordings, actions))
                .build();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ApiResponse call(String method, String path, Map<String, List<String>> query, String... headers) {
        Map<String, String> all = new HashMap<>();
        all.put("authorization", "Bearer " + KEY);
        for (int i = 0; i < headers.length; i += 2) {
            all.put(headers[i], headers[i + 1]);
        }
        return api.handle(new ApiRequest(method, path, all, new byte[0], "10.0.0.1", query));
    }

    private ApiResponse get(String path, String... headers) {
        return call("GET", path, Map.of(), headers);
    }

    private static JsonNode json(ApiResponse response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** The bytes the transport would stream. */
    private static String streamed(ApiResponse response) throws IOException {
        FileBody file = response.file().orElseThrow();
        try (RandomAccessFile in = new RandomAccessFile(file.path().toFile(), "r")) {
            byte[] bytes = new byte[(int) file.length()];
            in.seek(file.offset());
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private String file(String name) {
        return "/api/recordings/" + ready + "/files/" + name;
    }

    @Test
    void theListIsNewestFirstAndFiltersByCall() throws IOException {
        JsonNode all = json(get("/api/recordings"));
        assertThat(all.get("recordings").findValuesAsText("id")).containsExactly(processing.value(), ready.value());

        JsonNode one = json(call("GET", "/api/recordings", Map.of("sessionId", List.of("s1"), "limit", List.of("5"))));
        assertThat(one.get("recordings").findValuesAsText("id")).containsExactly(ready.value());

        ApiResponse bad = call("GET", "/api/recordings", Map.of("limit", List.of("0")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(json(bad).at("/error/message").asText())
                .isEqualTo("limit: '0' (expected: an integer from 1 to 100)");
    }

    @Test
    void theManifestIsTheRecordingWithItsFiles() throws IOException {
        JsonNode manifest = json(get("/api/recordings/" + ready));

        assertThat(manifest.get("id").asText()).isEqualTo(ready.value());
        assertThat(manifest.get("sessionId").asText()).isEqualTo("s1");
        assertThat(manifest.get("status").asText()).isEqualTo("ready");
        assertThat(manifest.get("partial").asBoolean()).isFalse();
        assertThat(manifest.get("failure").isNull()).isTrue();
        assertThat(manifest.get("startedAt").asLong()).isEqualTo(T0.toEpochMilli());
        assertThat(manifest.get("endedAt").asLong())
                .isEqualTo(T0.plusSeconds(60).toEpochMilli());
        JsonNode file = manifest.get("files").get(1);
        assertThat(file.get("name").asText()).isEqualTo("participant-1.webm");
        assertThat(file.get("userId").asText()).isEqualTo("alice");
        assertThat(file.get("durationMs").asLong()).isEqualTo(60_000);
        assertThat(file.get("bytes").asLong()).isEqualTo(20);

        assertThat(get("/api/recordings/" + RecordingId.random()).status()).isEqualTo(404);
        assertThat(get("/api/recordings/rec_nothex").status()).isEqualTo(400);
    }

    @Test
    void aListedFileIsStreamedWholeWithItsTypeAndRangesOffered() throws IOException {
        ApiResponse whole = get(file("participant-1.webm"));

        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.headers())
                .containsEntry("content-type", "video/webm")
                .containsEntry("accept-ranges", "bytes")
                .doesNotContainKey("content-range");
        assertThat(whole.body()).isEmpty();
        assertThat(whole.contentLength()).isEqualTo(20);
        assertThat(streamed(whole)).isEqualTo(CONTENT);
        assertThat(get(file("manifest.json")).headers())
                .containsEntry("content-type", "application/json; charset=utf-8");
    }

    @ParameterizedTest(name = "Range: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            bytes=0-3         | 206 | bytes 0-3/20   | 0123
            bytes=5-          | 206 | bytes 5-19/20  | 56789abcdefghij
            bytes=-4          | 206 | bytes 16-19/20 | ghij
            bytes=10-999      | 206 | bytes 10-19/20 | abcdefghij
            BYTES = 1-1       | 206 | bytes 1-1/20   | 1
            bytes=-100        | 206 | bytes 0-19/20  | 0123456789abcdefghij
            bytes=3-1         | 200 | -              | 0123456789abcdefghij
            bytes=a-b         | 200 | -              | 0123456789abcdefghij
            items=0-1         | 200 | -              | 0123456789abcdefghij
            bytes=0-1,4-5     | 200 | -              | 0123456789abcdefghij
            bytes=            | 200 | -              | 0123456789abcdefghij
            """)
    void aSingleRangeIsAPartAndAnythingElseIsTheWhole(String range, int status, String contentRange, String body)
            throws IOException {
        ApiResponse response = get(file("participant-1.webm"), "range", range);

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.headers().get("content-range")).isEqualTo(contentRange.equals("-") ? null : contentRange);
        assertThat(streamed(response)).isEqualTo(body);
    }

    @Test
    void aRangePastTheEndIs416WithTheSizeAndHeadIgnoresRanges() throws IOException {
        for (String range : List.of("bytes=20-", "bytes=25-30", "bytes=-0")) {
            ApiResponse response = get(file("participant-1.webm"), "range", range);
            assertThat(response.status()).as(range).isEqualTo(416);
            assertThat(response.headers()).containsEntry("content-range", "bytes */20");
            assertThat(json(response).at("/error/code").asText()).isEqualTo("RANGE_NOT_SATISFIABLE");
        }
        ApiResponse head = call("HEAD", file("participant-1.webm"), Map.of(), "range", "bytes=0-3");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.contentLength()).isEqualTo(20);
        assertThat(get(file("participant-1.webm"), "range", "bytes=0-3", "if-range", "\"x\"")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void onlyFilesListedForAReadyRecordingAreServed() throws IOException {
        assertThat(get(file("unlisted.webm")).status()).isEqualTo(404);
        assertThat(get(file("../../history.db")).status()).isEqualTo(404);
        assertThat(get(file("..%2F..%2Fhistory.db")).status()).isEqualTo(404);
        assertThat(get("/api/recordings/" + ready + "/../../history.db/files/x").status())
                .isEqualTo(404);
        ApiResponse notReady = get("/api/recordings/" + processing + "/files/participant-1.webm");
        assertThat(notReady.status()).isEqualTo(404);
        assertThat(json(notReady).at("/error/message").asText())
                .isEqualTo("recording id: '" + processing + "' is processing (expected: a ready recording)");
        Files.delete(dir.resolve("recordings").resolve(ready.value()).resolve("manifest.json"));
        assertThat(get(file("manifest.json")).status()).isEqualTo(404);
    }

    @Test
    void everyRecordingRouteWantsTheApiKey() {
        for (String path : List.of("/api/recordings", "/api/recordings/" + ready, file("manifest.json"))) {
            ApiResponse response = api.handle(new ApiRequest("GET", path, Map.of(), new byte[0], "10.0.0.2", Map.of()));
            assertThat(response.status()).as(path).isEqualTo(401);
        }
        assertThat(api.handle(new ApiRequest("POST", "/api/calls/s1/recording", Map.of(), new byte[0], "10.0.0.2"))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void startAndStopAnswerWithTheRecordingId() throws IOException {
        RecordingId started = RecordingId.random();
        action = what -> CompletableFuture.completedFuture(what.equals("start s1") ? started : ready);

        ApiResponse start = call("POST", "/api/calls/s1/recording", Map.of());
        assertThat(start.status()).isEqualTo(201);
        assertThat(json(start).get("recordingId").asText()).isEqualTo(started.value());
        assertThat(json(start).get("sessionId").asText()).isEqualTo("s1");

        ApiResponse stop = call("DELETE", "/api/calls/s1/recording", Map.of());
        assertThat(stop.status()).isEqualTo(200);
        assertThat(json(stop).get("recordingId").asText()).isEqualTo(ready.value());

        assertThat(call("PUT", "/api/calls/s1/recording", Map.of()).status()).isEqualTo(405);
        assertThat(call("POST", "/api/calls/bad id/recording", Map.of()).status())
                .isEqualTo(400);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            NOT_FOUND       | 404 | NOT_FOUND
            CONFLICT        | 409 | CONFLICT
            E2EE_CALL       | 409 | E2EE_CALL
            SFU_UNAVAILABLE | 503 | SFU_UNAVAILABLE
            INSUFFICIENT_STORAGE | 507 | INSUFFICIENT_STORAGE
            """)
    void refusalsAreMappedToTheirStatusAndCode(RecordingActionException.Code code, int status, String wire)
            throws IOException {
        action = what -> CompletableFuture.failedFuture(new RecordingActionException(code, "call s1: " + code));
        ApiResponse failed = call("POST", "/api/calls/s1/recording", Map.of());
        assertThat(failed.status()).isEqualTo(status);
        assertThat(json(failed).at("/error/code").asText()).isEqualTo(wire);
        assertThat(json(failed).at("/error/message").asText()).isEqualTo("call s1: " + code);

        action = what -> {
            throw new RecordingActionException(code, "at once");
        };
        assertThat(call("DELETE", "/api/calls/s1/recording", Map.of()).status()).isEqualTo(status);
    }

    @Test
    void anUnexpectedFailureIsInternal() {
        action = what -> CompletableFuture.failedFuture(new IllegalStateException("bug"));
        assertThat(call("POST", "/api/calls/s1/recording", Map.of()).status()).isEqualTo(500);
    }
}
