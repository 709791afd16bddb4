package com.securevox.call.it;

import com.securevox.call.testing.ChildProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged server as a real child process on an OS-chosen port: what black-box tests talk to.
 * Defaults to production mode with known credentials and no SFU (a test that wants Janus says so); tests override any
 * variable.
 */
public final class ServerProcess implements AutoCloseable {
    public static final String JWT_SECRET = "it-jwt-secret-0123456789-0123456789-abcdef";
    public static final String API_KEY = "it-api-key-0123456789abcdef";
    private static final Pattern LISTENING = Pattern.compile("listening on (https?)://[^:]+:(\\d+)");
    /**
     * Netty tracks every buffer and reports one garbage-collected without {@code release()} as "LEAK: …" in the
     * server's output; {@link #close()} fails the test when it finds one.
     */
    public static final String LEAK_DETECTION = "-Dio.netty.leakDetection.level=paranoid";

    /**
     * How long a server may take to start listening (or, with a bad config, to exit): a JVM starting on a loaded 2-core
     * CI machine, running other tests beside it, can take tens of seconds; a healthy one takes a few.
     */
    public static final Duration START = Duration.ofSeconds(90);

    /** How many of its last output lines a server that did not start in time shows. */
    private static final int LAST_LINES = 40;

    private static final String LEAK = "LEAK:";
    private static final String SFU = "SECUREVOX_CALL_SFU";

    private final Process process;
    /** The history directory this fixture made for the process (removed on close); null if the test chose one. */
    private volatile Path ownDataDir;

    private final List<String> output = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final CountDownLatch drained = new CountDownLatch(2);
    private volatile int port = -1;
    private volatile String scheme = "http";
    /** The ports of the servers running now: their REST answers are held to the OpenAPI document ({@link Http}). */
    private static final java.util.Set<Integer> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();
    // The banner goes out line by line after the port is known: tests read its later lines (SFU, Push), so starting
    // waits for the blank line that ends it.
    private volatile boolean bannerEnded;
    /** Whether close() has already failed on a leak report (closing twice reports it once). */
    private volatile boolean leakReported;

    private ServerProcess(Process process) {
        this.process = process;
        Thread.ofVirtual().start(() -> pump(process.getInputStream(), output));
        Thread.ofVirtual().start(() -> pump(process.getErrorStream(), errors));
    }

    public static ServerProcess start() {
        return start(Map.of());
    }

    public static ServerProcess start(Map<String, String> overrides) {
        return start(List.of(java(), "-Xmx256m", LEAK_DETECTION, "-jar", jar().toString()), overrides);
    }

    /**
     * As {@link #start(Map)}, with the server started by {@code command} (the launcher script, say) instead of
     * {@code java -jar}.
     */
    public static ServerProcess start(List<String> command, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("SECUREVOX_CALL_ENV", "production");
        env.put("SECUREVOX_CALL_PORT", "0");
        env.put("SECUREVOX_CALL_HOST", "127.0.0.1");
        env.put("SECUREVOX_CALL_JWT_SECRET", JWT_SECRET);
        env.put("SECUREVOX_CALL_API_KEY", API_KEY);
        env.put("SECUREVOX_CALL_LOG_FORMAT", "text");
        env.put(SFU, "off");
        Path dataDir = null;
        if (!overrides.containsKey("SECUREVOX_CALL_DATA_DIR")
                && !overrides.containsKey("SECUREVOX_CALL_DATABASE_URL")) {
            dataDir = newDataDir();
            env.put("SECUREVOX_CALL_DATA_DIR", dataDir.toString());
        }
        env.putAll(overrides);
        env.values().removeIf(v -> v == null || v.isEmpty());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("SECUREVOX_") || k.equals("NODE_ENV"));
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        try {
            ServerProcess server = new ServerProcess(builder.start());
            server.ownDataDir = dataDir;
            try {
                server.awaitPort(START);
            } catch (AssertionError e) {
                // Not left running, nor its history directory left behind.
                try {
                    server.close();
                } catch (AssertionError leak) {
                    e.addSuppressed(leak);
                }
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command, e);
        }
    }

    /**
     * Starts the server with exactly these variables (and no SFU unless they name one), not waiting for it to listen (for a server
     * expected to exit on its own, such as with a bad config). Standard error is kept apart: see
     * {@link #errorOutput()}.
     */
    public static ServerProcess launch(Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(java(), LEAK_DETECTION, "-jar", jar().toString());
        builder.environment().keySet().removeIf(k -> k.startsWith("SECUREVOX_") || k.equals("NODE_ENV"));
        // Janus only where a test asks for it: its default is on wherever it is installed.
        builder.environment().put(SFU, "off");
        builder.environment().putAll(env);
        try {
            return new ServerProcess(builder.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + jar(), e);
        }
    }

    /** A fresh temporary directory for a server's SQLite history; the test removes it (see {@link #delete}). */
    public static Path newDataDir() {
        try {
            return Files.createTempDirectory("securevox-it-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes a directory and everything in it, quietly. */
    public static void delete(Path dir) {
        ChildProcesses.deleteTree(dir);
    }

    /** Whether a server of these tests listens on {@code port} of 127.0.0.1 (and not, say, a webhook receiver). */
    public static boolean serves(int port) {
        return RUNNING.contains(port);
    }

    public int port() {
        return port;
    }

    public String url() {
        return scheme + "://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** Everything printed so far (standard error too, unless the process was {@link #launch}ed). */
    public String output() {
        return String.join("\n", output) + (errors.isEmpty() ? "" : "\n" + String.join("\n", errors));
    }

    /** What a {@link #launch}ed process printed to standard error so far. */
    public String errorOutput() {
        return String.join("\n", errors);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends a signal by name (TERM, INT, KILL). */
    public void signal(String name) {
        try {
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the process to exit (and its output to be read); returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("server still running after " + timeout + "; output:\n" + output());
            }
            drained.await(5, TimeUnit.SECONDS);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls a condition until it holds or the deadline passes. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }

    /**
     * Kills the process if it still runs, removes its history directory, and fails with Netty's report when the
     * server leaked a buffer (see {@link #LEAK_DETECTION}).
     */
    @Override
    public void close() {
        RUNNING.remove(port);
        try {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            // the rest of its output, which may hold a report printed just before it ended
            drained.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delete(ownDataDir);
        if (!leakReported) {
            String all = output();
            int at = all.indexOf(LEAK);
            if (at >= 0) {
                leakReported = true;
                int from = all.lastIndexOf('\n', at) + 1;
                throw new AssertionError("Netty reported a leaked buffer (" + LEAK_DETECTION + "); the first report:\n"
                        + all.substring(from, Math.min(all.length(), from + 3_000)));
            }
        }
    }

    /** Closes those that were started (null-safe, for {@code @AfterAll}); all of them, even when one fails. */
    public static void close(ServerProcess... servers) {
        AssertionError failure = null;
        for (ServerProcess server : servers) {
            if (server != null) {
                try {
                    server.close();
                } catch (AssertionError e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void awaitPort(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!bannerEnded && process.isAlive()) {
            if (System.nanoTime() - deadline > 0) {
                // Its output as of now, not as of the start (empty then).
                String last = lastLines();
                throw new AssertionError("server did not listen within " + timeout + " (pid " + process.pid()
                        + "); its last " + LAST_LINES + " lines of output:\n" + last);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
        if (port <= 0) {
            throw new AssertionError("server exited with " + process.exitValue() + "; output:\n" + output());
        }
    }

    private String lastLines() {
        List<String> all = new ArrayList<>(output);
        all.addAll(errors);
        return all.isEmpty()
                ? "(none)"
                : String.join("\n", all.subList(Math.max(0, all.size() - LAST_LINES), all.size()));
    }

    private void pump(InputStream stream, List<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                if (port > 0 && !bannerEnded && line.isBlank()) {
                    bannerEnded = true;
                }
                if (port < 0) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        scheme = m.group(1);
                        port = Integer.parseInt(m.group(2));
                        RUNNING.add(port);
                    }
                }
            }
        } catch (IOException e) {
            lines.add("[output closed: " + e + "]");
        } finally {
            drained.countDown();
        }
    }

    /** The JDK the servers run on (the directory above its {@code bin/java}). */
    public static Path javaHome() {
        return Path.of(java()).toAbsolutePath().getParent().getParent();
    }

    /** The packaged server jar the black-box tests run. */
    public static Path serverJar() {
        return jar();
    }

    private static String java() {
        String configured = System.getProperty("securevox.java");
        return configured != null
                ? configured
                : Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path jar() {
        String configured = System.getProperty("securevox.server.jar", "target/securevox-call.jar");
        Path path = Path.of(configured).toAbsolutePath();
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " missing: the black-box tests run after `package`");
        }
        return path;
    }
}
