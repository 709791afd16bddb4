package com.securevox.call.it;

import static com.securevox.call.it.Replies.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Thousands of short sessions (connect, authenticate, join, disconnect) must leave nothing behind:
 * no calls, no connections, no threads, no heap.
 */
class ChurnIT {
    static final int WARM_UP = 300;
    static final int CYCLES = 2000;
    static final int CONCURRENCY = 20;
    /** Calls the cycles spread over, so that most joins meet other participants. */
    static final int CALLS = 50;

    /**
     * Headroom for threads the JVM starts and stops on its own: JIT compiler threads (dynamic by
     * default), the common pool's carrier threads for virtual threads, G1 concurrent workers. A
     * leak of one thread per session or per call would be hundreds.
     */
    static final int THREAD_TOLERANCE = 4;
    /**
     * Headroom for a live set that is not perfectly stable after a full GC (caches, JIT metadata,
     * netty's pooled buffers growing to their working size), and for closed long-polling sessions:
     * netty-socketio keeps each one (about 2.5 KiB with its channel) until its ping timeout fires,
     * 45 to 60 s later, so right after the churn about 1,000 of them are still there (about 5 MiB;
     * measured: they are all gone a minute later). 2,000 leaked sessions of 10 KiB would exceed it.
     */
    static final long HEAP_TOLERANCE_BYTES = 16L * 1024 * 1024;

    static ServerProcess server;

    @BeforeAll
    static void start() {
        server = ServerProcess.start(Map.of("SECUREVOX_CALL_RECONNECT_GRACE", "0s"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void thousandsOfShortSessionsLeaveNothingBehind() throws Exception {
        churn(0, WARM_UP);
        awaitIdle();
        int threadsBefore = threads();
        long heapBefore = usedHeapAfterFullGc();

        churn(WARM_UP, CYCLES);
        awaitIdle();
        int threadsAfter = threads();
        long heapAfter = usedHeapAfterFullGc();

        String report = String.format(
                "threads %d -> %d, live heap %d KiB -> %d KiB",
                threadsBefore, threadsAfter, heapBefore / 1024, heapAfter / 1024);
        System.out.println("ChurnIT: " + report);
        assertThat(threadsAfter).as(report).isLessThanOrEqualTo(threadsBefore + THREAD_TOLERANCE);
        assertThat(heapAfter).as(report).isLessThanOrEqualTo(heapBefore + HEAP_TOLERANCE_BYTES);
    }

    /** Runs cycles {@code first .. first+count-1}, {@link #CONCURRENCY} at a time, both transports. */
    static void churn(int first, int count) throws Exception {
        AtomicInteger next = new AtomicInteger(first);
        int end = first + count;
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < CONCURRENCY; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < end; i = next.getAndIncrement()) {
                        cycle(i);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(3, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One session: connect without a token, authenticate, join, disconnect. */
    static void cycle(int i) {
        Via via = i % 2 == 0 ? Via.WEBSOCKET : Via.POLLING;
        String user = "churn_" + i;
        String call = "churn_call_" + (i % CALLS);
        try (TestClient client = TestClient.connect(server.url(), via, null)) {
            client.await("connect");
            assertOk(client.call("authenticate", new JSONObject().put("token", Jwt.sign(Jwt.claims(user, call, 600)))));
            assertOk(client.call("join_call", new JSONObject().put("sessionId", call)));
        }
    }

    /** No calls, no sockets, no users: every session has been seen to end. */
    static void awaitIdle() {
        ServerProcess.await(Duration.ofSeconds(30), "/health to show 0 calls and 0 connections", () -> {
            JSONObject health = Http.get(server.url() + "/health").json();
            return health.getInt("activeCalls") == 0
                    && health.getInt("connections") == 0
                    && health.getInt("connectedUsers") == 0;
        });
        Http.Response stats =
                Http.get(server.url() + "/api/call/stats", "Authorization", "Bearer " + ServerProcess.API_KEY);
        assertThat(stats.json().getJSONArray("activeCalls")).isEmpty();
    }

    /** The server's OS threads, from /proc. */
    static int threads() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(server.pid()), "status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring("Threads:".length()).trim());
            }
        }
        throw new AssertionError("no Threads: in /proc/" + server.pid() + "/status");
    }

    /**
     * Used heap right after a full collection ({@code jcmd GC.run}, then {@code GC.heap_info}): the
     * sum of the "used" figures of the heap's spaces (one line for G1 and ZGC, young + old for
     * Serial and Parallel), above the Metaspace lines.
     */
    static long usedHeapAfterFullGc() throws Exception {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        String heap = info.contains("Metaspace") ? info.substring(0, info.indexOf("Metaspace")) : info;
        Matcher m = Pattern.compile("used (\\d+)([KMG])").matcher(heap);
        long total = 0;
        boolean found = false;
        while (m.find()) {
            found = true;
            long value = Long.parseLong(m.group(1));
            total += switch (m.group(2)) {
                case "K" -> value * 1024;
                case "M" -> value * 1024 * 1024;
                default -> value * 1024 * 1024 * 1024;
            };
        }
        assertThat(found).as("a used figure in GC.heap_info:\n" + info).isTrue();
        return total;
    }

    static String jcmd(String command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(server.pid()), command)
                .redirectErrorStream(true)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("jcmd " + command + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
