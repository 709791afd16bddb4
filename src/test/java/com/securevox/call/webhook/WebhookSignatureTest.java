package com.securevox.call.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The vectors of docs/webhooks.md, computed independently with {@code openssl dgst -sha256 -hmac}. */
class WebhookSignatureTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "whsec_test_secret|1700000000|{\"id\":\"evt_1\",\"type\":\"call.started\"}|95825cd7faa96631536843ac8cb4711ebaf2117976abe02b870c6424f05e3ef9",
                "s3cr3t|1767225600|{}|ac216ca918aa0c12f3c499d0f5a587f209d512f993f82c6fd922a4b1016bd260",
                "another secret with spaces|0|{\"sessionId\":\"café\"}|dfaac6ab2c92033eafb4588748d7975cac5cc8c6754a1ee1132f8228923ed215",
            })
    void matchesTheVectors(String secret, long t, String body, String expected) {
        WebhookSignature signature = new WebhookSignature(secret.getBytes(StandardCharsets.UTF_8));

        assertThat(signature.hex(t, body)).isEqualTo(expected);
        assertThat(signature.header(t, body)).isEqualTo("t=" + t + ",v1=" + expected);
    }
}
