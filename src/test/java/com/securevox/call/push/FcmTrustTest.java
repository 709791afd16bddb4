package com.securevox.call.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.testing.TestPki;
import com.securevox.call.trust.TrustAnchors;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SECUREVOX_CALL_FCM_CA: its certificates are trusted on top of the JDK's, and a file without any stops the start. */
class FcmTrustTest {
    @TempDir
    Path dir;

    @Test
    void theFilesCertificatesAreAddedToTheJdksNeverInsteadOfThem() throws Exception {
        TestPki pki = TestPki.create(Files.createDirectories(dir.resolve("pki")));
        X509Certificate ca;
        try (var in = Files.newInputStream(pki.caCertificate())) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        X509Certificate[] jdk = TrustAnchors.jdk().getAcceptedIssuers();

        X509Certificate[] trusted = FcmTrust.trust(pki.caCertificate()).getAcceptedIssuers();

        assertThat(jdk).isNotEmpty().doesNotContain(ca);
        assertThat(trusted).contains(ca).contains(jdk).hasSize(jdk.length + 1);
        assertThat(Arrays.asList(trusted)).doesNotHaveDuplicates();
    }

    @Test
    void aFileWithoutACertificateIsRefusedAtStartNamingTheSettingAndTheFile() throws Exception {
        Path pkiDir = Files.createDirectories(dir.resolve("pki"));
        try (FcmStandIn fcm = new FcmStandIn(Clock.systemUTC(), Duration.ofHours(1), pkiDir)) {
            Path credentials = Files.write(dir.resolve("sa.json"), fcm.serviceAccountJson());
            Path empty = Files.writeString(dir.resolve("empty.pem"), "");
            Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n");
            // The stand-in's private key: PEM, but no certificate.
            Path key = pkiDir.resolve("fcm.key");

            assertThat(refusal(credentials, empty))
                    .isEqualTo("SECUREVOX_CALL_FCM_CA: " + empty + ": no certificate in it (expected: -----BEGIN"
                            + " CERTIFICATE----- blocks of the CA certificates to trust)");
            for (Path notCertificates : new Path[] {garbage, key}) {
                assertThat(refusal(credentials, notCertificates))
                        .isEqualTo("SECUREVOX_CALL_FCM_CA: " + notCertificates + ": not PEM certificates (expected:"
                                + " -----BEGIN CERTIFICATE----- blocks of the CA certificates to trust)");
            }

            // The stand-in's CA: FCM is on, and a ring reaches nobody without devices.
            try (PushRinger ringer = PushRinger.create(
                    new com.securevox.call.httpapi.NoDevices(),
                    Optional.of(new FcmSettings(credentials, URI.create(fcm.base()), Optional.of(fcm.caCertificate()))),
                    Optional.empty(),
                    PushMetrics.NONE,
                    Clock.systemUTC())) {
                assertThat(ringer.describe()).isEqualTo("fcm (project test-project, " + fcm.base() + ")");
                assertThat(ringer.ring(
                                        FcmPushTest.ring(
                                                Clock.systemUTC().instant().plusSeconds(30)),
                                        "alice",
                                        Set.of())
                                .toCompletableFuture()
                                .get(10, TimeUnit.SECONDS))
                        .isZero();
            }
        }
    }

    private static String refusal(Path credentials, Path ca) {
        try (PushRinger ringer = PushRinger.create(
                new com.securevox.call.httpapi.NoDevices(),
                Optional.of(new FcmSettings(credentials, URI.create("https://fcm.googleapis.com"), Optional.of(ca))),
                Optional.empty(),
                PushMetrics.NONE,
                Clock.systemUTC())) {
            throw new AssertionError("started with " + ca + ": " + ringer.describe());
        } catch (PushSetupException e) {
            return e.getMessage();
        }
    }
}
