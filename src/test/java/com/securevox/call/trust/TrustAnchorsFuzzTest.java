package com.securevox.call.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whatever a CA file holds, reading it either gives at least one certificate or refuses it with {@link TrustException}
 * naming the file: never another exception, which would stop the start with a stack trace instead of a message.
 *
 * <p>Plain {@code mvn test} replays the seeds in {@code TrustAnchorsFuzzTestInputs/reads/}; set {@code JAZZER_FUZZ=1} to
 * fuzz.
 */
class TrustAnchorsFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void reads(byte[] data) throws IOException {
        Path file = Files.createTempFile("securevox-ca-", ".pem");
        try {
            Files.write(file, data);
            TrustAnchors anchors = TrustAnchors.read(file);
            assertThat(anchors.certificates()).isNotEmpty();
        } catch (TrustException e) {
            assertThat(e.getMessage()).startsWith(file.toString()).doesNotContain("\n");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
