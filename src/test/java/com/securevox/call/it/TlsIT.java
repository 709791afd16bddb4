package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.it.TestClient.Via;
import com.securevox.call.testing.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** HTTPS and WSS on the server's own port with the official Java client, and a certificate renewed on disk. */
class TlsIT {
    @TempDir
    static Path dir;

    private static TestPki pki;
    private static Path chain;
    private static Path key;
    private static ServerProcess server;
    private static SSLContext trust;
    private static OkHttpClient https;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(Files.createDirectory(dir.resolve("pki")));
        chain = dir.resolve("live.pem");
        key = dir.resolve("live.key");
        install(pki.leaf("first", 0x11));
        server = ServerProcess.start(Map.of(
                "SECUREVOX_CALL_TLS_CERT", chain.toString(),
                "SECUREVOX_CALL_TLS_KEY", key.toString(),
                "SECUREVOX_CALL_TLS_RELOAD_INTERVAL", "1s"));
        X509TrustManager trustManager = trustManager(pki.caCertificate());
        trust = SSLContext.getInstance("TLS");
        trust.init(null, new X509TrustManager[] {trustManager}, null);
        https = TestClient.http()
                .newBuilder()
                .sslSocketFactory(trust.getSocketFactory(), trustManager)
                .build();
    }

    @AfterAll
    static void stop() {
        ServerProcess.close(server);
    }

    /** As certbot and Kubernetes renew: new files moved over the old ones. */
    private static void install(TestPki.Leaf leaf) throws IOException {
        Files.copy(leaf.chain(), dir.resolve("next.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(leaf.key(), dir.resolve("next.key"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(dir.resolve("next.pem"), chain, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(dir.resolve("next.key"), key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static X509TrustManager trustManager(Path ca) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            store.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    /** The serial number of the certificate a new TLS connection is given now. */
    private static BigInteger servedSerial() throws IOException {
        try (SSLSocket socket = (SSLSocket) trust.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private static String token(String userId, String sessionId) {
        return Jwt.sign(Jwt.claims(userId, sessionId, 3600));
    }

    private static TestClient joined(Via via, String userId, String sessionId) {
        TestClient client = TestClient.connect(server.url(), via, token(userId, sessionId), https);
        client.await("authenticated");
        client.join(new JSONObject().put("sessionId", sessionId));
        client.await("call_joined");
        return client;
    }

    private static void assertRelayed(TestClient from, TestClient to, String fromUserId, String toUserId) {
        JSONObject sdp = new JSONObject().put("type", "offer").put("sdp", "v=0\r\n");
        assertThat(from.call("offer", new JSONObject().put("to", toUserId).put("sdp", sdp))
                        .optBoolean("ok"))
                .isTrue();
        assertThat(to.await("offer").json().getString("from")).isEqualTo(fromUserId);
    }

    @Test
    void theApiIsServedOverHttpsOnly() throws IOException {
        assertThat(server.url()).startsWith("https://127.0.0.1:");
        try (Response health = https.newCall(
                        new Request.Builder().url(server.url() + "/health").build())
                .execute()) {
            assertThat(health.code()).isEqualTo(200);
            OpenApiContract.get()
                    .check(
                            "GET",
                            "/health",
                            health.code(),
                            health.headers().toMultimap(),
                            health.body().string());
            assertThat(health.handshake()).isNotNull();
            assertThat(health.handshake().tlsVersion().javaName()).isIn("TLSv1.3", "TLSv1.2");
        }
        assertThatThrownBy(() -> Http.get("http://127.0.0.1:" + server.port() + "/health"))
                .as("plain HTTP on the TLS port")
                .isInstanceOf(RuntimeException.class);
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void aCallOverWssOrHttpsPolling(Via via) {
        String call = TestClient.fresh("tls");
        try (TestClient a = joined(via, "alice", call);
                TestClient b = joined(via, "bob", call)) {
            a.await("participant_joined");
            assertRelayed(a, b, "alice", "bob");
            assertRelayed(b, a, "bob", "alice");
        }
    }

    @Test
    void aRenewedCertificateIsServedToNewConnectionsWhileCallsGoOn() throws Exception {
        String call = TestClient.fresh("renew");
        try (TestClient a = joined(Via.WEBSOCKET, "alice", call);
                TestClient b = joined(Via.POLLING, "bob", call)) {
            a.await("participant_joined");
            BigInteger before = servedSerial();

            install(pki.leaf("renewed-" + call, 0x22));
            ServerProcess.await(Duration.ofSeconds(15), "the renewed certificate to be served", () -> {
                try {
                    return servedSerial().equals(BigInteger.valueOf(0x22));
                } catch (IOException e) {
                    return false;
                }
            });

            assertThat(before).isNotEqualTo(BigInteger.valueOf(0x22));
            assertRelayed(a, b, "alice", "bob");
            assertRelayed(b, a, "bob", "alice");
            try (TestClient c = joined(Via.WEBSOCKET, "carol", call)) {
                assertThat(c.connected()).isTrue();
            }
            assertThat(server.output()).contains("tls certificate reloaded");
        }
    }
}
