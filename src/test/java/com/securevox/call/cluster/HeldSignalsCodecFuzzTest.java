package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Whatever {@code {call:<id>}:held} holds, {@link HeldSignalsCodec#decode} either returns signals that encode and
 * decode to themselves or refuses it with a one-line {@link RedisValueException}: never another exception.
 *
 * <p>Plain {@code mvn test} replays the seeds in {@code HeldSignalsCodecFuzzTestInputs/decodes/}; set {@code
 * JAZZER_FUZZ=1} to fuzz.
 */
class HeldSignalsCodecFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void decodes(byte[] data) throws Exception {
        String raw = new String(data, StandardCharsets.UTF_8);
        HeldSignalsCodec.Decoded decoded;
        try {
            decoded = HeldSignalsCodec.decode(raw);
        } catch (RedisValueException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n", "\r", "\u0000");
            return;
        }
        HeldSignalsCodec.Encoded encoded = HeldSignalsCodec.encode(decoded.sessionId(), decoded.held());
        assertThat(encoded.count()).isEqualTo(decoded.held().size());
        assertThat(HeldSignalsCodec.decode(encoded.text())).isEqualTo(decoded);
    }
}
