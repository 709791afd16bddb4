package com.securevox.call.testing;

import com.securevox.call.trust.TrustAnchors;
import com.securevox.call.trust.TrustException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocketFactory;

/**
 * A private {@code redis-server} on a free port, for tests that may stop, pause, kill or flush it: never the machine's
 * shared Redis. Without persistence, unless started by {@link #startPersistent}, whose data survive {@link
 * #restart()}. Paused with SIGSTOP, it keeps its connections but answers nothing, like a Redis that
 * hangs; its clock keeps running, so keys expire meanwhile. With TLS it listens on a TLS port only ({@code --port 0});
 * the test's own commands trust the CA that signed its certificate but do not check its name, so a test can give it a
 * certificate for another host.
 */
public final class RedisServer implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(15);

    private volatile Process process;
    private final int port;
    private final Optional<SSLSocketFactory> tls;
    /** How it was started, for {@link #restart()}. */
    private final List<String> command;
    /** A Sentinel's configuration file, removed on close. */
    private volatile Path config;
    /** A replica's working directory, removed on close. */
    private volatile Path dir;

    private RedisServer(Process process, int port, Optional<SSLSocketFactory> tls, List<String> command) {
        this.process = process;
        this.port = port;
        this.tls = tls;
        this.command = List.copyOf(command);
    }

    public static RedisServer start() {
        return launch(
                port -> List.of(
                        "redis-server", "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"),
                Optional.empty());
    }

    /** A fresh (empty) Redis on {@code port}, such as one that was stopped: its clients reconnect to the same address. */
    public static RedisServer startOn(int port) {
        List<String> command = List.of(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            RedisServer server = new RedisServer(process, port, Optional.empty(), command);
            if (!server.awaitReady()) {
                server.close();
                throw new IllegalStateException("redis-server on port " + port + " did not answer PING");
            }
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run redis-server (is it installed?)", e);
        }
    }

    /**
     * A server that keeps its data in {@code dir} with an append-only file written through on every command, so that
     * what it acknowledged survives {@link #kill()} and {@link #restart()}.
     */
    public static RedisServer startPersistent(Path dir) {
        return launch(
                port -> List.of(
                        "redis-server",
                        "--port",
                        port,
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "yes",
                        "--appendfsync",
                        "always",
                        "--dir",
                        dir.toString()),
                Optional.empty());
    }

    /** SIGKILL, and waits until the process is gone: clients see refused connections until {@link #restart()}. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server " + process.pid() + " did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the server again on the same port with the same options (and data, for {@link #startPersistent}). */
    public void restart() {
        if (process.isAlive()) {
            kill();
        }
        // The port was just released; binding it again can fail for a moment.
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot run redis-server", e);
            }
            if (awaitReady()) {
                return;
            }
            ChildProcesses.stop(process, Duration.ofSeconds(5));
        }
        throw new IllegalStateException("redis-server on port " + port + " did not come back");
    }

    /**
     * A Redis that speaks TLS only, with {@code certificate} (which {@code ca} signed, so that the test's own commands
     * trust it); clients are not asked for certificates.
     */
    public static RedisServer startTls(TestPki.Leaf certificate, Path ca) {
        return launch(
                port -> tlsCommand(
                        List.of("redis-server", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"),
                        port,
                        certificate,
                        ca),
                Optional.of(harnessSockets(ca)));
    }

    /**
     * A Sentinel on a TLS port only that watches the TLS primary {@code master} on {@code primaryPort} over TLS (quorum
     * 1), trusting {@code ca} for it.
     */
    public static RedisServer sentinelTls(int primaryPort, String master, TestPki.Leaf certificate, Path ca) {
        Path config = sentinelConfig(primaryPort, master);
        List<String> base = List.of("redis-server", config.toString(), "--sentinel", "--bind", "127.0.0.1");
        RedisServer sentinel = launch(
                port -> {
                    List<String> command = new ArrayList<>(tlsCommand(base, port, certificate, ca));
                    // Sentinel reaches the primary with the TLS settings of replication.
                    command.addAll(List.of("--tls-replication", "yes"));
                    return command;
                },
                Optional.of(harnessSockets(ca)));
        sentinel.config = config;
        return sentinel;
    }

    private static List<String> tlsCommand(List<String> base, String port, TestPki.Leaf certificate, Path ca) {
        List<String> command = new ArrayList<>(base);
        command.addAll(List.of(
                "--port",
                "0",
                "--tls-port",
                port,
                "--tls-cert-file",
                certificate.chain().toString(),
                "--tls-key-file",
                certificate.key().toString(),
                "--tls-ca-cert-file",
                ca.toString(),
                "--tls-auth-clients",
                "no"));
        return command;
    }

    /** Trusts {@code ca} without checking host names: the harness talks to servers given certificates for others. */
    private static SSLSocketFactory harnessSockets(Path ca) {
        try {
            TrustAnchors anchors = TrustAnchors.read(ca);
            return anchors.context(anchors.only()).getSocketFactory();
        } catch (TrustException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path sentinelConfig(int primaryPort, String master) {
        try {
            Path config = Files.createTempFile("securevox-sentinel-", ".conf");
            // Sentinel rewrites its file, so it gets one of its own.
            Files.writeString(config, "sentinel monitor " + master + " 127.0.0.1 " + primaryPort + " 1\n");
            return config;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A replica of the primary on {@code primaryPort}, without persistence; returns once it has the primary's data
     * ({@code master_link_status:up}).
     */
    public static RedisServer replicaOf(int primaryPort) {
        // A replica writes the data it is sent to its working directory: one of its own, never the build's.
        Path dir;
        try {
            dir = Files.createTempDirectory("securevox-replica-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        RedisServer replica = launch(
                port -> List.of(
                        "redis-server",
                        "--port",
                        port,
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        dir.toString(),
                        "--replicaof",
                        "127.0.0.1",
                        Integer.toString(primaryPort)),
                Optional.empty());
        replica.dir = dir;
        long deadline = System.nanoTime() + READY.toNanos();
        while (!replica.command("INFO replication").contains("master_link_status:up")) {
            if (System.nanoTime() - deadline > 0) {
                replica.close();
                throw new IllegalStateException("redis replica on port " + replica.port + " not in sync with "
                        + primaryPort + " within " + READY);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return replica;
    }

    /** A Sentinel that watches the primary {@code master} on {@code primaryPort} (quorum 1), for client tests. */
    public static RedisServer sentinel(int primaryPort, String master) {
        Path config = sentinelConfig(primaryPort, master);
        RedisServer sentinel = launch(
                port -> List.of("redis-server", config.toString(), "--sentinel", "--port", port, "--bind", "127.0.0.1"),
                Optional.empty());
        sentinel.config = config;
        return sentinel;
    }

    private static RedisServer launch(Function<String, List<String>> command, Optional<SSLSocketFactory> tls) {
        IllegalStateException last = null;
        // A free port can be taken between choosing and binding it; another try chooses another.
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            List<String> args = command.apply(Integer.toString(port));
            try {
                Process process = new ProcessBuilder(args)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                RedisServer server = new RedisServer(process, port, tls, args);
                if (server.awaitReady()) {
                    return server;
                }
                server.close();
                last = new IllegalStateException("redis-server on port " + port + " did not answer PING");
            } catch (IOException e) {
                throw new IllegalStateException("cannot run redis-server (is it installed?)", e);
            }
        }
        throw last;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:port}, or {@code rediss://localhost:port} with TLS (the name its certificate has). */
    public String url() {
        return tls.isPresent() ? "rediss://localhost:" + port : "redis://127.0.0.1:" + port;
    }

    /** SIGSTOP: the server hangs, connections stay open. */
    public void pause() {
        signal("STOP");
    }

    /** Whether the process runs (paused or not): false after {@link #kill()} until {@link #restart()}. */
    public boolean alive() {
        return process.isAlive();
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    /** One command in Redis's inline form, such as {@code GET key}; its raw reply, such as {@code $8\r\nnode-a:1}. */
    public String command(String inline) {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            plain.setSoTimeout(2000);
            Socket socket = tls.isPresent() ? tls.get().createSocket(plain, "127.0.0.1", port, false) : plain;
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            StringBuilder reply = new StringBuilder();
            readReply(new BufferedInputStream(socket.getInputStream()), reply);
            return reply.toString().strip();
        } catch (IOException e) {
            throw new IllegalStateException("redis on " + port + ": " + inline, e);
        }
    }

    /** One RESP reply (Sentinel has no QUIT to end the connection after it, so it is read to its end). */
    private static void readReply(InputStream in, StringBuilder reply) throws IOException {
        String line = readLine(in);
        reply.append(line).append("\r\n");
        switch (line.charAt(0)) {
            case '$' -> {
                int length = Integer.parseInt(line.substring(1));
                if (length >= 0) {
                    reply.append(new String(in.readNBytes(length + 2), StandardCharsets.UTF_8));
                }
            }
            case '*' -> {
                for (int i = Integer.parseInt(line.substring(1)); i > 0; i--) {
                    readReply(in, reply);
                }
            }
            default -> {} // +simple, -error, :integer: the line is all of it
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-reply: " + line);
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(5));
        if (config != null) {
            try {
                Files.deleteIfExists(config);
            } catch (IOException e) {
                // a leftover temporary file is harmless
            }
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a leftover temporary directory is harmless
            }
        }
    }

    private boolean awaitReady() {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (command("PING").equals("+PONG")) {
                    return true;
                }
            } catch (IllegalStateException e) {
                // not listening yet
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return false;
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
