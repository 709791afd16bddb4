package com.securevox.call.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.testing.TestPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PEM trust anchors: what files are refused and why, and sockets that trust only them and check host names. */
class TrustAnchorsTest {
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static TestPki otherPki;

    @BeforeAll
    static void pki() throws IOException {
        pki = TestPki.create(Files.createDirectories(dir.resolve("pki")));
        otherPki = TestPki.create(Files.createDirectories(dir.resolve("other")));
    }

    @Test
    void readsEveryCertificateOfTheFile() throws Exception {
        TestPki.Leaf leaf = pki.leaf("chain", 1);

        TrustAnchors anchors = TrustAnchors.read(leaf.chain());

        assertThat(anchors.certificates()).hasSize(2);
        assertThat(anchors.certificates().get(1).getSubjectX500Principal().getName())
                .isEqualTo("CN=SecureVOX Call test CA");
        assertThat(anchors.source()).isEqualTo(leaf.chain());
    }

    @Test
    void onlyTrustsTheFileAndWithJdkAddsItToTheJdksAnchors() throws Exception {
        TrustAnchors anchors = TrustAnchors.read(pki.caCertificate());
        X509Certificate ca = anchors.certificates().getFirst();
        X509Certificate[] jdk = TrustAnchors.jdk().getAcceptedIssuers();

        assertThat(anchors.only().getAcceptedIssuers()).containsExactly(ca);
        assertThat(anchors.withJdk().getAcceptedIssuers())
                .contains(ca)
                .contains(jdk)
                .hasSize(jdk.length + 1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty        | : no certificate in it (expected: -----BEGIN CERTIFICATE----- blocks of the CA certificates to trust)
            blank        | : no certificate in it (expected: -----BEGIN CERTIFICATE----- blocks of the CA certificates to trust)
            private-key  | : not PEM certificates (expected: -----BEGIN CERTIFICATE----- blocks of the CA certificates to trust)
            der          | : not PEM certificates (expected: -----BEGIN CERTIFICATE----- blocks of the CA certificates to trust)
            bad-base64   | : not PEM certificates (expected: -----BEGIN CERTIFICATE----- blocks of the CA certificates to trust)
            text         | : not PEM certificates (expected: -----BEGIN CERTIFICATE----- blocks of the CA certificates to trust)
            directory    | _cannot be read (expected: a PEM file of CA certificates): java.io.IOException: Is a directory
            missing      | _cannot be read (expected: a PEM file of CA certificates): java.nio.file.NoSuchFileException:
            """)
    void filesThatCannotBeUsedAreRefusedNamingTheFile(String kind, String problem) throws Exception {
        Path file = badFile(kind);

        assertThatThrownBy(() -> TrustAnchors.read(file))
                .isInstanceOf(TrustException.class)
                .message()
                .startsWith(file + problem.replace('_', ' '));
    }

    private static Path badFile(String kind) throws IOException {
        Path file = dir.resolve(kind + ".pem");
        switch (kind) {
            case "empty" -> Files.writeString(file, "");
            case "blank" -> Files.writeString(file, " \n\n");
            case "private-key" -> Files.copy(pki.leaf("keyed", 2).key(), file);
            case "der" -> {
                String pem = Files.readString(pki.caCertificate());
                String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
                Files.write(file, Base64.getDecoder().decode(base64));
            }
            case "bad-base64" -> Files.writeString(file, "-----BEGIN CERTIFICATE-----\nnot base64!\n");
            case "text" -> Files.writeString(file, "redis.example.com\n");
            case "directory" -> Files.createDirectories(file);
            case "missing" -> {}
            default -> throw new IllegalArgumentException(kind);
        }
        return file;
    }

    @Test
    void socketsTrustOnlyTheFilesCaAndCheckTheHostName() throws Exception {
        SSLSocketFactory sockets = TrustAnchors.read(pki.caCertificate()).socketFactory();
        Path good = pki.pkcs12(pki.leaf("good", 3), "good.p12", PASSWORD);
        Path elsewhere = pki.pkcs12(pki.leafFor("elsewhere", 4, "DNS:redis.example"), "elsewhere.p12", PASSWORD);
        Path stranger = otherPki.pkcs12(otherPki.leaf("stranger", 5), "stranger.p12", PASSWORD);

        try (HandshakeServer server = new HandshakeServer(good, PASSWORD)) {
            assertThat(handshake(sockets, "127.0.0.1", server.port())).isEmpty();
            assertThat(handshake(sockets, "localhost", server.port())).isEmpty();
        }
        try (HandshakeServer server = new HandshakeServer(elsewhere, PASSWORD)) {
            for (String host : List.of("127.0.0.1", "localhost")) {
                assertThat(handshake(sockets, host, server.port()))
                        .get()
                        .extracting(ConnectionFailure::reason)
                        .isEqualTo(ConnectionFailure.Reason.HOST_NAME_MISMATCH);
            }
        }
        try (HandshakeServer server = new HandshakeServer(stranger, PASSWORD)) {
            assertThat(handshake(sockets, "127.0.0.1", server.port()))
                    .get()
                    .extracting(ConnectionFailure::describe)
                    .asString()
                    .startsWith("TLS handshake failed: untrusted certificate (");
        }
    }

    /** Both ways a client library makes TLS sockets: at once, and over a connected socket (as Jedis does). */
    private static Optional<ConnectionFailure> handshake(SSLSocketFactory sockets, String host, int port)
            throws IOException {
        Optional<ConnectionFailure> direct;
        try (SSLSocket socket = (SSLSocket) sockets.createSocket(host, port)) {
            socket.startHandshake();
            direct = Optional.empty();
        } catch (IOException e) {
            direct = Optional.of(ConnectionFailure.of(e));
        }
        Optional<ConnectionFailure> layered;
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), 5000);
            try (SSLSocket socket = (SSLSocket) sockets.createSocket(plain, host, port, true)) {
                socket.startHandshake();
                layered = Optional.empty();
            } catch (IOException e) {
                layered = Optional.of(ConnectionFailure.of(e));
            }
        }
        assertThat(layered).isEqualTo(direct);
        return direct;
    }
}
