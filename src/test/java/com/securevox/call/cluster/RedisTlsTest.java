package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.call.CallOwnership.Claim;
import com.securevox.call.call.CallOwnership.Granted;
import com.securevox.call.call.CallOwnership.Held;
import com.securevox.call.call.CallOwnership.Unavailable;
import com.securevox.call.call.Ticker;
import com.securevox.call.testing.RedisServer;
import com.securevox.call.testing.TestPki;
import com.securevox.call.trust.TrustAnchors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leases over TLS against redis-servers of the test's own: trusted through a private CA, refused with an untrusted
 * certificate or one for another host, and through Sentinels that also speak TLS only.
 */
class RedisTlsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final LeaseTimes TIMES = new LeaseTimes(Duration.ofSeconds(10), Duration.ofMillis(500));

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static TestPki stranger;
    private static SSLSocketFactory trustingOurCa;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(Files.createDirectories(dir.resolve("ours")));
        stranger = TestPki.create(Files.createDirectories(dir.resolve("stranger")));
        trustingOurCa = TrustAnchors.read(pki.caCertificate()).socketFactory();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
    }

    private <T extends AutoCloseable> T opened(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    private static RedisSettings tls(String host, int port, Optional<SSLSocketFactory> sockets) {
        return new RedisSettings(
                List.of(new RedisSettings.Host(host, port)),
                Optional.empty(),
                true,
                sockets,
                0,
                Optional.empty(),
                Optional.empty(),
                TIMEOUT);
    }

    private RedisCallOwnership node(RedisSettings settings, String id) {
        return opened(RedisCallOwnership.open(settings, id, TIMES, Ticker.SYSTEM));
    }

    @Test
    void leasesWorkOverTlsWithTheCaByNameAndByAddress() {
        RedisServer redis = opened(RedisServer.startTls(pki.leaf("redis", 1), pki.caCertificate()));
        RedisCallOwnership a = node(tls("localhost", redis.port(), Optional.of(trustingOurCa)), "node-a");
        RedisCallOwnership b = node(tls("127.0.0.1", redis.port(), Optional.of(trustingOurCa)), "node-b");

        assertThat(a.unreachable()).isEmpty();
        Claim claim = a.acquire("call-1");

        assertThat(claim).isInstanceOf(Granted.class);
        assertThat(redis.command("GET {call:call-1}:owner")).isEqualTo("$8\r\nnode-a:1");
        assertThat(b.owner("call-1"))
                .isEqualTo(new Held(((Granted) claim).lease().owner()));
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() {
        RedisServer redis = opened(RedisServer.startTls(stranger.leaf("redis", 2), stranger.caCertificate()));
        RedisCallOwnership a = node(tls("localhost", redis.port(), Optional.of(trustingOurCa)), "node-a");

        assertThat(a.unreachable()).get().asString().startsWith("TLS handshake failed: untrusted certificate (");
        assertThat(a.acquire("call-1")).isInstanceOf(Unavailable.class);
        assertThat(redis.command("EXISTS {call:call-1}:owner")).isEqualTo(":0");
    }

    @Test
    void withoutItsCaThePrivateCertificateIsNotTrustedByTheJdk() {
        RedisServer redis = opened(RedisServer.startTls(pki.leaf("redis", 3), pki.caCertificate()));
        RedisCallOwnership a = node(tls("localhost", redis.port(), Optional.empty()), "node-a");

        assertThat(a.unreachable()).get().asString().startsWith("TLS handshake failed: untrusted certificate (");
    }

    @Test
    void aCertificateForAnotherHostIsRefused() {
        RedisServer redis =
                opened(RedisServer.startTls(pki.leafFor("elsewhere", 4, "DNS:redis.example"), pki.caCertificate()));

        for (String host : List.of("localhost", "127.0.0.1")) {
            RedisCallOwnership a = node(tls(host, redis.port(), Optional.of(trustingOurCa)), "node-" + host);

            assertThat(a.unreachable())
                    .get()
                    .asString()
                    .startsWith("TLS handshake failed: host name mismatch (No subject alternative");
            assertThat(a.acquire("call-1")).isInstanceOf(Unavailable.class);
        }
    }

    @Test
    void aSchemeThatDoesNotMatchTheServerSaysWhatWasSeen() {
        RedisServer plain = opened(RedisServer.start());
        RedisServer tls = opened(RedisServer.startTls(pki.leaf("redis", 9), pki.caCertificate()));
        RedisCallOwnership tlsToPlain = node(tls("localhost", plain.port(), Optional.of(trustingOurCa)), "node-a");
        RedisCallOwnership plainToTls = node(RedisSettings.standalone("127.0.0.1", tls.port(), TIMEOUT), "node-b");

        // A plain Redis waits for the end of a line that the TLS hello never sends.
        assertThat(tlsToPlain.unreachable()).contains("timed out (Read timed out)");
        // A TLS-only Redis hangs up on what is not a TLS hello.
        assertThat(plainToTls.unreachable()).contains("connection reset by the server (Connection reset)");
    }

    @Test
    void throughTlsSentinelsTheLeaseLandsOnTheTlsPrimary() {
        RedisServer primary = opened(RedisServer.startTls(pki.leaf("primary", 5), pki.caCertificate()));
        RedisServer sentinel =
                opened(RedisServer.sentinelTls(primary.port(), "calls", pki.leaf("sentinel", 6), pki.caCertificate()));
        RedisSettings viaSentinel = sentinels(sentinel.port(), Optional.of(trustingOurCa));

        RedisCallOwnership a = node(viaSentinel, "node-a");
        Claim claim = a.acquire("call-1");

        assertThat(claim).isInstanceOf(Granted.class);
        assertThat(primary.command("GET {call:call-1}:owner")).isEqualTo("$8\r\nnode-a:1");
    }

    @Test
    void aTlsSentinelWithAnUntrustedCertificateStopsTheOpenSayingWhy() throws IOException {
        RedisServer primary = opened(RedisServer.startTls(pki.leaf("primary", 7), pki.caCertificate()));
        // The Sentinel trusts the primary's CA, but shows a certificate of another CA to its clients.
        TestPki.Leaf foreign = stranger.leaf("sentinel", 8);
        RedisServer sentinel = opened(RedisServer.sentinelTls(primary.port(), "calls", foreign, bundle()));

        assertThatThrownBy(() -> node(sentinels(sentinel.port(), Optional.of(trustingOurCa)), "node-a"))
                .isInstanceOf(RedisUnreachableException.class)
                .message()
                .startsWith(
                        "sentinel 127.0.0.1:" + sentinel.port() + ": TLS handshake failed: untrusted certificate (");
    }

    /** Both CAs in one file: what a Sentinel with a foreign certificate needs to trust the primary and itself. */
    private static Path bundle() throws IOException {
        Path both = dir.resolve("both-cas.pem");
        Files.writeString(both, Files.readString(pki.caCertificate()) + Files.readString(stranger.caCertificate()));
        return both;
    }

    private static RedisSettings sentinels(int port, Optional<SSLSocketFactory> sockets) {
        return new RedisSettings(
                List.of(new RedisSettings.Host("127.0.0.1", port)),
                Optional.of("calls"),
                true,
                sockets,
                0,
                Optional.empty(),
                Optional.empty(),
                TIMEOUT);
    }
}
