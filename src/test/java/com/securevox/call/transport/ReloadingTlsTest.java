package com.securevox.call.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingTlsTest {
    @TempDir
    Path dir;

    private Path chain;
    private Path key;

    /** Installs a certificate the way certbot and Kubernetes do: new files moved over the old ones. */
    private void install(TestPki.Leaf leaf) throws IOException {
        Files.copy(leaf.chain(), dir.resolve("next.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(leaf.key(), dir.resolve("next.key"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(dir.resolve("next.pem"), chain, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(dir.resolve("next.key"), key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void newConnectionsGetARenewedCertificateAndBrokenFilesKeepTheCurrentOne() throws IOException {
        TestPki pki = TestPki.create(Files.createDirectory(dir.resolve("pki")));
        chain = dir.resolve("live.pem");
        key = dir.resolve("live.key");
        install(pki.leaf("first", 0x11));
        ReloadingTls tls =
                ReloadingTls.load(new TlsSource(chain, Optional.of(key), Optional.empty(), Duration.ofHours(1)));
        assertThat(tls.serial()).isEqualTo("11");
        assertThat(tls.reloadIfChanged()).as("unchanged files").isFalse();

        install(pki.leaf("renewed", 0x22));
        assertThat(tls.reloadIfChanged()).as("renewed").isTrue();
        assertThat(tls.serial()).isEqualTo("22");

        Files.copy(pki.rsaLeaf("other", 0x33).key(), key, StandardCopyOption.REPLACE_EXISTING);
        assertThat(tls.reloadIfChanged()).as("a key of another certificate").isFalse();
        assertThat(tls.reloadIfChanged()).as("the same broken files again").isFalse();
        assertThat(tls.serial()).isEqualTo("22");

        install(pki.leaf("fixed", 0x44));
        assertThat(tls.reloadIfChanged()).as("fixed").isTrue();
        assertThat(tls.serial()).isEqualTo("44");
    }
}
