package com.securevox.call.it;

import static com.securevox.call.it.StartupIT.productionOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A client that comes while the server is still starting waits in the accept queue and is served once it has started,
 * instead of being refused and backing off: what a restart under every client needs (issue 17, docs/benchmarks.md). The
 * start is held, deterministically, by holding the server's first connection to its PostgreSQL history.
 */
class ListenEarlyIT {
    private static final Duration HOLD_NO_ANSWER = Duration.ofMillis(700);

    @Test
    void aRequestSentWhileTheHistoryDatabaseOpensIsAnsweredOnceTheServerHasStarted() throws Exception {
        Path data = ServerProcess.newDataDir();
        try (PgDatabase db = PgDatabase.create();
                HeldProxy pg = new HeldProxy(5432)) {
            int port = Coturn.freePort();
            Map<String, String> env = new HashMap<>(productionOn("127.0.0.1", port, data));
            env.put("SECUREVOX_CALL_DATABASE_URL", db.url().replace(":5432/", ":" + pg.port() + "/"));
            try (ServerProcess server = ServerProcess.launch(env);
                    Socket client = new Socket()) {
                ServerProcess.await(ServerProcess.START, "the server's first connection to its database", pg::holding);
                // Bound: the connection is taken by the kernel, not refused, though nothing serves yet.
                client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
                client.getOutputStream()
                        .write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                client.setSoTimeout(Math.toIntExact(HOLD_NO_ANSWER.toMillis()));
                InputStream in = client.getInputStream();
                assertThatThrownBy(in::read)
                        .as("no answer while the server still opens its history: " + server.output())
                        .isInstanceOf(SocketTimeoutException.class);
                assertThat(server.output()).doesNotContain("serving on");

                pg.release();
                client.setSoTimeout(Math.toIntExact(ServerProcess.START.toMillis()));
                String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(response).as(server.output()).startsWith("HTTP/1.1 200");
                assertThat(response).contains("\"status\"");
            }
        } finally {
            ServerProcess.delete(data);
        }
    }

    /** A TCP relay to a local port that holds every connection, unanswered, until {@link #release}. */
    private static final class HeldProxy implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final int target;
        private final CountDownLatch released = new CountDownLatch(1);
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        HeldProxy(int target) throws IOException {
            this.target = target;
            Thread.ofVirtual().name("held-proxy").start(this::accept);
        }

        int port() {
            return listener.getLocalPort();
        }

        boolean holding() {
            return !sockets.isEmpty();
        }

        void release() {
            released.countDown();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket from = listener.accept();
                    sockets.add(from);
                    Thread.ofVirtual().start(() -> relay(from));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void relay(Socket from) {
            try {
                released.await();
                Socket to = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(to);
                Thread.ofVirtual().start(() -> pipe(to, from));
                pipe(from, to);
            } catch (IOException | InterruptedException e) {
                // The test has ended (sockets closed) or the database went away: the server sees a closed connection.
            }
        }

        private static void pipe(Socket in, Socket out) {
            try {
                in.getInputStream().transferTo(out.getOutputStream());
            } catch (IOException e) {
                // One side closed; the other pipe ends with it.
            } finally {
                try {
                    out.shutdownOutput();
                } catch (IOException e) {
                    // Already closed.
                }
            }
        }

        @Override
        public void close() throws IOException {
            released.countDown();
            listener.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
