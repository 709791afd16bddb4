package com.securevox.call.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A private {@code redis-server} on a free port, without persistence, for tests that may stop, pause or flush it: never
 * the machine's shared Redis. Paused with SIGSTOP, it keeps its connections but answers nothing, like a Redis that
 * hangs; its clock keeps running, so keys expire meanwhile.
 */
public final class RedisServer implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(15);

    private final Process process;
    private final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static RedisServer start() {
        IllegalStateException last = null;
        // A free port can be taken between choosing and binding it; another try chooses another.
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            try {
                Process process = new ProcessBuilder(
                                "redis-server",
                                "--port",
                                Integer.toString(port),
                                "--bind",
                                "127.0.0.1",
                                "--save",
                                "",
                                "--appendonly",
                                "no")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                RedisServer server = new RedisServer(process, port);
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

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** SIGSTOP: the server hangs, connections stay open. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    /** One command in Redis's inline form, such as {@code GET key}; the raw reply line(s). */
    public String command(String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\nQUIT\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // QUIT's +OK is the last line.
            return all.substring(0, all.lastIndexOf("+OK\r\n")).strip();
        } catch (IOException e) {
            throw new IllegalStateException("redis on " + port + ": " + inline, e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
