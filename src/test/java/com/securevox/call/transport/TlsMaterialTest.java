package com.securevox.call.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.testing.TestPki;
import io.netty.buffer.ByteBufAllocator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TlsMaterialTest {
    @TempDir
    static Path dir;

    private static TestPki pki;
    private static TestPki.Leaf ec;
    private static TestPki.Leaf rsa;

    @BeforeAll
    static void certificates() {
        pki = TestPki.create(dir);
        ec = pki.leaf("ec", 1);
        rsa = pki.rsaLeaf("rsa", 2);
    }

    private static TlsSource pem(Path chain, Path key) {
        return new TlsSource(chain, Optional.of(key), Optional.empty(), Duration.ofSeconds(30));
    }

    private static TlsSource keystore(Path file, String password) {
        return new TlsSource(file, Optional.empty(), Optional.of(password), Duration.ofSeconds(30));
    }

    @Test
    void servesAPemChainWithItsPkcs8Key() {
        TlsMaterial.Loaded ecLoaded = TlsMaterial.load(pem(ec.chain(), ec.key()));
        TlsMaterial.Loaded rsaLoaded = TlsMaterial.load(pem(rsa.chain(), rsa.key()));

        assertThat(ecLoaded.leaf().getSerialNumber()).hasToString("1");
        assertThat(ecLoaded.context().isServer()).isTrue();
        assertThat(rsaLoaded.leaf().getSerialNumber()).hasToString("2");
    }

    @Test
    void servesAPkcs12Keystore() {
        Path p12 = pki.pkcs12(ec, "ec.p12", "s3cret");

        assertThat(TlsMaterial.load(keystore(p12, "s3cret")).leaf().getSerialNumber())
                .hasToString("1");
    }

    @Test
    void offersTls12And13WithForwardSecretAeadSuitesOnly() {
        TlsMaterial.Loaded loaded = TlsMaterial.load(pem(ec.chain(), ec.key()));

        assertThat(loaded.context().cipherSuites())
                .isNotEmpty()
                .allMatch(suite -> suite.startsWith("TLS_AES_")
                        || suite.startsWith("TLS_CHACHA20_")
                        || suite.startsWith("TLS_ECDHE_"))
                .allMatch(suite -> suite.contains("GCM") || suite.contains("CHACHA20"));
        var engine = loaded.context().newEngine(ByteBufAllocator.DEFAULT);
        assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "key of another certificate | the private key does not belong to the certificate",
                "PKCS#1 key                 | a 'RSA PRIVATE KEY' key (expected: PKCS#8 'BEGIN PRIVATE KEY'; convert it with: openssl pkcs8",
                "encrypted key              | an encrypted key (expected: an unencrypted PKCS#8 key",
                "certificate as key         | no private key (expected: a PEM 'BEGIN PRIVATE KEY' block)",
                "garbage certificate        | not a PEM certificate chain",
                "empty certificate          | no certificate (expected: PEM 'BEGIN CERTIFICATE' blocks, leaf first)",
                "missing key file           | cannot be read",
                "wrong keystore password    | not a PKCS#12 keystore, or the password is wrong",
                "expired certificate        | the certificate expired on",
            })
    void refusesWhatCannotServeNamingTheFile(String what, String message) {
        Path otherKey = rsa.key();
        Refused refused =
                switch (what) {
                    case "key of another certificate" -> new Refused(pem(ec.chain(), otherKey), otherKey);
                    case "PKCS#1 key" -> {
                        Path pkcs1 = pki.pkcs1(rsa, "rsa1.key");
                        yield new Refused(pem(rsa.chain(), pkcs1), pkcs1);
                    }
                    case "encrypted key" -> {
                        Path encrypted = pki.write("enc.key", """
                        -----BEGIN ENCRYPTED PRIVATE KEY-----
                        MIGbMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAi2
                        -----END ENCRYPTED PRIVATE KEY-----
                        """);
                        yield new Refused(pem(ec.chain(), encrypted), encrypted);
                    }
                    case "certificate as key" -> new Refused(pem(ec.chain(), ec.chain()), ec.chain());
                    case "garbage certificate" -> {
                        Path garbage = pki.write("garbage.pem", "-----BEGIN CERTIFICATE-----\nnot base64!\n");
                        yield new Refused(pem(garbage, ec.key()), garbage);
                    }
                    case "empty certificate" -> {
                        Path empty = pki.write("empty.pem", "");
                        yield new Refused(pem(empty, ec.key()), empty);
                    }
                    case "missing key file" ->
                        new Refused(pem(ec.chain(), dir.resolve("nope.key")), dir.resolve("nope.key"));
                    case "wrong keystore password" -> {
                        Path p12 = pki.pkcs12(ec, "pw.p12", "right");
                        yield new Refused(keystore(p12, "wrong"), p12);
                    }
                    case "expired certificate" -> {
                        Path old = pki.expiredPkcs12("old.p12", "changeit");
                        yield new Refused(keystore(old, "changeit"), old);
                    }
                    default -> throw new IllegalArgumentException(what);
                };

        assertThatThrownBy(() -> TlsMaterial.load(refused.source()))
                .isInstanceOf(TlsException.class)
                .hasMessageStartingWith(refused.named() + ": ")
                .hasMessageContaining(message);
    }

    private record Refused(TlsSource source, Path named) {}
}
