package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.recording.RecordingFile;
import com.securevox.call.recording.RecordingId;
import com.securevox.call.store.HistoryStore;
import com.securevox.call.store.HistoryStores;
import com.securevox.call.store.RecordingNode;
import com.securevox.call.testing.RedisServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A recording's files from any node: two server processes sharing a private Redis and a PostgreSQL database, a ready
 * recording made by node A (its row written through the real catalog as node A's, its files on A's disk only), and
 * the backend asking node B for them. B relays A's answer: the whole file, a range (206, the right bytes), a range past
 * the end (416 with {@code Content-Range}), {@code HEAD}, and a file larger than B's heap streamed through; A killed,
 * B answers 503 {@code RECORDING_NODE_UNAVAILABLE} naming it. Every answer but the large one's body is held to the
 * OpenAPI document.
 */
class RecordingsAcrossNodesIT {
    private static final String BEARER = "Bearer " + ServerProcess.API_KEY;
    /** Larger than one 64 KiB chunk, so the relayed body comes in several. */
    private static final String VIDEO = RecordingsIT.VIDEO;
    /** Larger than the servers' heap (-Xmx256m): relaying it whole in memory could not work. */
    private static final long LARGE = 300L * 1024 * 1024;

    private static final byte[] LARGE_HEAD = "first bytes".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LARGE_TAIL = "last bytes".getBytes(StandardCharsets.US_ASCII);

    private static Http.Response get(ServerProcess server, String path, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = BEARER;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return Http.get(server.url() + path, all);
    }

    private static String errorCode(Http.Response response) {
        return response.json().getJSONObject("error").getString("code");
    }

    private static String errorMessage(Http.Response response) {
        return response.json().getJSONObject("error").getString("message");
    }

    /** A ready recording of node {@code node}, with a large file besides the others, and where its files go. */
    private static RecordingId seed(PgDatabase database, String node) {
        try (HistoryStore store = HistoryStores.postgres(database.jdbcUrl(), "postgres", null, "it seed")) {
            return RecordingsIT.seedReady(
                    store,
                    new RecordingNode(node, true),
                    new RecordingFile(
                            "participant-2.webm", "bob", Duration.ZERO, Duration.ofSeconds(60), true, true, LARGE));
        }
    }

    /** The large file, sparse on disk: zeros between a marker at its start and one at its end. */
    private static void writeLarge(Path file) throws IOException {
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(LARGE);
            out.write(LARGE_HEAD);
            out.seek(LARGE - LARGE_TAIL.length);
            out.write(LARGE_TAIL);
        }
    }

    @Test
    void aRecordingMadeOnOneNodeIsServedByAnotherUntilItsNodeIsGone() throws Exception {
        Path dataA = ServerProcess.newDataDir();
        Path dataB = ServerProcess.newDataDir();
        try (RedisServer redis = RedisServer.start();
                PgDatabase database = PgDatabase.create()) {
            RecordingId id = seed(database, "it-rec-a");
            writeLarge(RecordingsIT.writeFiles(dataA, id).resolve("participant-2.webm"));
            String file = "/api/recordings/" + id + "/files/participant-1.webm";
            try (ServerProcess a =
                            Nodes.start("it-rec-a", redis, database, "SECUREVOX_CALL_DATA_DIR", dataA.toString());
                    ServerProcess b =
                            Nodes.start("it-rec-b", redis, database, "SECUREVOX_CALL_DATA_DIR", dataB.toString())) {
                Nodes.awaitListed(b, "it-rec-a");
                assertThat(Files.exists(dataB.resolve("recordings").resolve(id.value())))
                        .as("node B has no copy")
                        .isFalse();

                Http.Response whole = get(b, file);
                assertThat(whole.status()).as("%s", whole).isEqualTo(200);
                assertThat(whole.body()).isEqualTo(VIDEO);
                assertThat(whole.header("content-type")).contains("video/webm");
                assertThat(whole.header("content-length")).contains(String.valueOf(VIDEO.length()));
                assertThat(whole.header("accept-ranges")).contains("bytes");

                Http.Response part = get(b, file, "Range", "bytes=100000-100009");
                assertThat(part.status()).as("%s", part).isEqualTo(206);
                assertThat(part.header("content-range")).contains("bytes 100000-100009/" + VIDEO.length());
                assertThat(part.header("content-length")).contains("10");
                assertThat(part.body()).isEqualTo("0123456789");

                Http.Response tail = get(b, file, "Range", "bytes=-4");
                assertThat(tail.status()).isEqualTo(206);
                assertThat(tail.body()).isEqualTo("6789");

                // If-Range reaches node A, which sends the whole (it has no validator to match), as one node does.
                Http.Response conditional = get(b, file, "Range", "bytes=0-9", "If-Range", "\"x\"");
                assertThat(conditional.status()).isEqualTo(200);
                assertThat(conditional.body()).hasSize(VIDEO.length());

                Http.Response unsatisfiable = get(b, file, "Range", "bytes=400000-");
                assertThat(unsatisfiable.status()).as("%s", unsatisfiable).isEqualTo(416);
                assertThat(unsatisfiable.header("content-range")).contains("bytes */" + VIDEO.length());
                assertThat(errorCode(unsatisfiable)).isEqualTo("RANGE_NOT_SATISFIABLE");

                Http.Response head = Http.request("HEAD", b.url() + file, null, "Authorization", BEARER);
                assertThat(head.status()).isEqualTo(200);
                assertThat(head.header("content-length")).contains(String.valueOf(VIDEO.length()));
                assertThat(head.body()).isEmpty();

                // The key is checked by the node reached, and again by node A.
                assertThat(Http.get(b.url() + file).status()).isEqualTo(401);
                assertThat(get(b, "/api/recordings/" + id + "/files/other.webm").status())
                        .isEqualTo(404);
                assertThat(get(b, "/api/recordings/" + id + "/files/manifest.json")
                                .body())
                        .isEqualTo("{}");

                assertLargeStreamedThrough(b, "/api/recordings/" + id + "/files/participant-2.webm");

                a.signal("KILL");
                a.awaitExit(Duration.ofSeconds(10));
                // Listed for a few seconds more, but not answering; then no longer listed: either way said, naming it.
                Http.Response unreachable = get(b, file);
                assertThat(unreachable.status()).as("%s", unreachable).isEqualTo(503);
                assertThat(errorCode(unreachable)).isEqualTo("RECORDING_NODE_UNAVAILABLE");
                assertThat(errorMessage(unreachable))
                        .startsWith("recording '" + id + "': its files are on node 'it-rec-a'");
                ServerProcess.await(Duration.ofSeconds(15), "it-rec-a gone from the nodes", () -> !Nodes.nodeIds(
                                Http.get(b.url() + "/health").json().optJSONArray("nodes"))
                        .contains("it-rec-a"));
                Http.Response gone = get(b, file, "Range", "bytes=0-9");
                assertThat(gone.status()).as("%s", gone).isEqualTo(503);
                assertThat(errorCode(gone)).isEqualTo("RECORDING_NODE_UNAVAILABLE");
                assertThat(errorMessage(gone))
                        .isEqualTo("recording '" + id + "': its files are on node 'it-rec-a', which is not live"
                                + " (expected: that node running: a recording's files are on the disk of the node"
                                + " that made it)");
                // What is in the database still answers from any node.
                assertThat(get(b, "/api/recordings/" + id).status()).isEqualTo(200);
            }
        } finally {
            ServerProcess.delete(dataA);
            ServerProcess.delete(dataB);
        }
    }

    /** The large file through node B, read as it arrives: every byte counted, the markers where they belong. */
    private static void assertLargeStreamedThrough(ServerProcess b, String path) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(b.url() + path))
                .header("Authorization", BEARER)
                .timeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("content-length")).hasValue(LARGE);
        byte[] first = new byte[LARGE_HEAD.length];
        byte[] last = new byte[LARGE_TAIL.length];
        long total = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[256 * 1024];
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    long at = total + i;
                    if (at < first.length) {
                        first[(int) at] = buffer[i];
                    }
                    if (at >= LARGE - last.length) {
                        last[(int) (at - (LARGE - last.length))] = buffer[i];
                    }
                }
                total += n;
            }
        } finally {
            client.close();
        }
        assertThat(total).isEqualTo(LARGE);
        assertThat(Arrays.equals(first, LARGE_HEAD)).as("the first bytes").isTrue();
        assertThat(Arrays.equals(last, LARGE_TAIL)).as("the last bytes").isTrue();
    }
}
