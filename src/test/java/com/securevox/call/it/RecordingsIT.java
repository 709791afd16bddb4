package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.recording.RecordingCatalog;
import com.securevox.call.recording.RecordingFile;
import com.securevox.call.recording.RecordingId;
import com.securevox.call.store.HistoryStore;
import com.securevox.call.store.HistoryStores;
import com.securevox.call.store.RecordingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The recordings API of the packaged server over HTTP: a ready recording seeded through the real catalog (the same
 * SQLite file the server opens) with its files on disk, then listed, described, downloaded whole, in ranges and by
 * HEAD; 416, 404 and 401 as documented; starting one on a call not in progress answers 404 naming the call.
 */
class RecordingsIT {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    /** Larger than one 64 KiB chunk of the transport, so the download is streamed in several. */
    static final String VIDEO = "0123456789".repeat(30_000);

    static Path data;
    static ServerProcess server;
    static RecordingId id;

    @BeforeAll
    static void seedAndStart() throws Exception {
        data = ServerProcess.newDataDir();
        try (HistoryStore store = HistoryStores.sqlite(data.resolve("history.db"))) {
            id = seedReady(store, RecordingNode.alone("it-node"));
        }
        Path folder = writeFiles(data, id);
        Files.writeString(folder.resolve("not-listed.webm"), "private");
        server = ServerProcess.start(Map.of("SECUREVOX_CALL_DATA_DIR", data.toString()));
    }

    /**
     * A ready recording of {@code it-call} made by {@code node}, written through the real catalog as the server writes
     * it, listing {@code participant-1.webm} ({@link #VIDEO}), {@code manifest.json} and any {@code more}.
     */
    static RecordingId seedReady(HistoryStore store, RecordingNode node, RecordingFile... more) {
        RecordingId seeded = RecordingId.random();
        RecordingCatalog catalog = store.recordings(Clock.systemUTC(), Optional.empty(), node);
        catalog.started(seeded, "it-call", "alice", T0);
        catalog.processing(seeded, T0.plusSeconds(60));
        List<RecordingFile> files = new ArrayList<>(List.of(
                new RecordingFile(
                        "participant-1.webm",
                        "alice",
                        Duration.ZERO,
                        Duration.ofSeconds(60),
                        true,
                        true,
                        VIDEO.length()),
                new RecordingFile("manifest.json", null, Duration.ZERO, Duration.ofSeconds(60), false, false, 2)));
        files.addAll(List.of(more));
        catalog.ready(seeded, files, false, null);
        return seeded;
    }

    /** The listed files of a {@link #seedReady} recording in {@code dataDir}'s recordings: its folder. */
    static Path writeFiles(Path dataDir, RecordingId recording) throws IOException {
        Path folder = Files.createDirectories(dataDir.resolve("recordings").resolve(recording.value()));
        Files.writeString(folder.resolve("participant-1.webm"), VIDEO);
        Files.writeString(folder.resolve("manifest.json"), "{}");
        return folder;
    }

    @AfterAll
    static void stop() {
        ServerProcess.close(server);
        ServerProcess.delete(data);
    }

    private static Http.Response get(String path, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + ServerProcess.API_KEY;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return Http.get(server.url() + path, all);
    }

    private static String file(String name) {
        return "/api/recordings/" + id + "/files/" + name;
    }

    @Test
    void theRecordingIsListedAndDescribed() {
        Http.Response list = get("/api/recordings?sessionId=it-call");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().getJSONArray("recordings").getJSONObject(0).getString("id"))
                .isEqualTo(id.value());

        JSONObject manifest = get("/api/recordings/" + id).json();
        assertThat(manifest.getString("status")).isEqualTo("ready");
        assertThat(manifest.getString("startedBy")).isEqualTo("alice");
        assertThat(manifest.getJSONArray("files").length()).isEqualTo(2);
        JSONObject first = manifest.getJSONArray("files").getJSONObject(0);
        assertThat(first.getString("source")).isIn("camera", "composed");
        assertThat(first.getJSONArray("pieces").getJSONObject(0).getLong("startOffsetMs"))
                .isEqualTo(first.getLong("startOffsetMs"));
    }

    @Test
    void theFileIsDownloadedWholeInRangesAndByHead() {
        Http.Response whole = get(file("participant-1.webm"));
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.header("content-type")).contains("video/webm");
        assertThat(whole.header("accept-ranges")).contains("bytes");
        assertThat(whole.header("content-length")).contains(String.valueOf(VIDEO.length()));
        assertThat(whole.body()).isEqualTo(VIDEO);

        Http.Response part = get(file("participant-1.webm"), "Range", "bytes=100000-100009");
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.header("content-range")).contains("bytes 100000-100009/" + VIDEO.length());
        assertThat(part.body()).isEqualTo("0123456789");

        Http.Response tail = get(file("participant-1.webm"), "Range", "bytes=-5");
        assertThat(tail.status()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo("56789");

        Http.Response head = Http.request(
                "HEAD",
                server.url() + file("participant-1.webm"),
                null,
                "Authorization",
                "Bearer " + ServerProcess.API_KEY);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("content-length")).contains(String.valueOf(VIDEO.length()));
        assertThat(head.body()).isEmpty();

        // The connection is still good after a streamed body: the next answer on it is whole.
        assertThat(get(file("manifest.json")).body()).isEqualTo("{}");
    }

    @Test
    void aRangePastTheEndIs416AndAMalformedOneIsIgnored() {
        Http.Response unsatisfiable = get(file("participant-1.webm"), "Range", "bytes=400000-");
        assertThat(unsatisfiable.status()).isEqualTo(416);
        assertThat(unsatisfiable.header("content-range")).contains("bytes */" + VIDEO.length());
        assertThat(unsatisfiable.json().getJSONObject("error").getString("code"))
                .isEqualTo("RANGE_NOT_SATISFIABLE");

        Http.Response malformed = get(file("participant-1.webm"), "Range", "bytes=x-y");
        assertThat(malformed.status()).isEqualTo(200);
        assertThat(malformed.body()).hasSize(VIDEO.length());
    }

    @Test
    void unlistedUnknownAndTraversingPathsAre404AndAMissingKeyIs401() {
        assertThat(get(file("not-listed.webm")).status()).isEqualTo(404);
        assertThat(get(file("..%2F..%2Fhistory.db")).status()).isEqualTo(404);
        assertThat(get("/api/recordings/" + RecordingId.random()).status()).isEqualTo(404);
        assertThat(get("/api/recordings/" + RecordingId.random() + "/files/manifest.json")
                        .status())
                .isEqualTo(404);

        Http.Response anonymous = Http.get(server.url() + file("participant-1.webm"));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().getJSONObject("error").getString("code")).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void startingOrStoppingARecordingOfNoCallInProgressIs404NamingIt() {
        // Starting and stopping real recordings: RecordingSignalingIT, and the browser tests (sfu-recording).
        Http.Response start = Http.post(
                server.url() + "/api/calls/it-call/recording", "", "Authorization", "Bearer " + ServerProcess.API_KEY);
        assertThat(start.status()).isEqualTo(404);
        assertThat(start.json().getJSONObject("error").getString("code")).isEqualTo("NOT_FOUND");
        assertThat(start.json().getJSONObject("error").getString("message")).contains("it-call");
    }
}
