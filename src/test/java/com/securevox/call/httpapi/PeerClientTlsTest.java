package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.securevox.call.testing.TestPki;
import com.securevox.call.trust.TrustAnchors;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node reached at an {@code https://} URL whose certificate a private CA signed, over real TLS: trusted when the
 * peer client is given that CA ({@code SECUREVOX_CALL_PEER_CA}), refused in the handshake with the JDK's trust store,
 * which has never heard of it.
 */
class PeerClientTlsTest {
    private static final String PASSWORD = "peer-test";

    @TempDir
    Path dir;

    private TestPki pki;
    private HttpsServer server;

    @BeforeEach
    void start() throws Exception {
        pki = TestPki.create(dir);
        SSLContext context = TestPki.serverContext(pki.pkcs12(pki.leaf("peer", 2), "peer.p12", PASSWORD), PASSWORD);

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body = "{\"node\":\"node-a\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private PeerNodes.Peer peer() {
        return new PeerNodes.Peer(
                "node-a", URI.create("https://127.0.0.1:" + server.getAddress().getPort()));
    }

    private static ApiRequest stats() {
        return new ApiRequest("GET", "/api/call/stats", Map.of(), new byte[0], "203.0.113.7");
    }

    @Test
    void aNodeWhoseCertificateTheConfiguredCaSignedIsReached() throws Exception {
        TrustAnchors ca = TrustAnchors.read(pki.caCertificate());
        try (PeerClient client = new PeerClient("node-b", Optional.of(ca.context(ca.only())))) {
            ApiResponse answer =
                    client.send(peer(), stats(), Duration.ofSeconds(10)).join();

            assertThat(answer.status()).isEqualTo(200);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"node\":\"node-a\"}");
        }
    }

    @Test
    void withoutTheCaTheSameNodeIsRefusedInTheHandshakeNamingIt() {
        try (PeerClient client = new PeerClient("node-b", Optional.empty())) {
            Exception failure =
                    catchThrowableOfType(Exception.class, () -> client.send(peer(), stats(), Duration.ofSeconds(10))
                            .join());

            assertThat(failure.getCause()).isInstanceOf(PeerException.class);
            assertThat(failure.getCause().getMessage())
                    .startsWith("node 'node-a' at " + peer().url() + " could not be reached: ");
            assertThat(failure.getCause().getCause()).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void aRelayedFileComesFromATrustedNodeToo() throws Exception {
        TrustAnchors ca = TrustAnchors.read(pki.caCertificate());
        try (PeerClient client = new PeerClient("node-b", Optional.of(ca.context(ca.only())))) {
            ApiResponse answer = client.relayFile(
                    peer(),
                    new ApiRequest("GET", "/api/recordings/r/files/a.webm", Map.of(), new byte[0], "203.0.113.7"),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(10));
            try (StreamBody body = answer.stream().orElseThrow()) {
                assertThat(new String(body.in().readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("{\"node\":\"node-a\"}");
            }
        }
        try (PeerClient client = new PeerClient("node-b", Optional.empty())) {
            PeerException refused = catchThrowableOfType(
                    PeerException.class,
                    () -> client.relayFile(
                            peer(),
                            new ApiRequest("GET", "/api/recordings/r/files/a.webm", Map.of(), new byte[0], "x"),
                            Duration.ofSeconds(10),
                            Duration.ofSeconds(10)));
            assertThat(refused.getCause()).isInstanceOf(SSLHandshakeException.class);
        }
    }
}
