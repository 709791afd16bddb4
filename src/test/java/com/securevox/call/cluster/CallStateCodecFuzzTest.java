package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.securevox.call.call.CallState;
import java.nio.charset.StandardCharsets;

/**
 * Whatever {@code {call:<id>}:state} holds, {@link CallStateCodec#decode} either returns a state that encodes and
 * decodes to itself or refuses it with a one-line {@link RedisValueException}: never another exception.
 *
 * <p>Plain {@code mvn test} replays the seeds in {@code CallStateCodecFuzzTestInputs/decodes/}; set {@code
 * JAZZER_FUZZ=1} to fuzz.
 */
class CallStateCodecFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void decodes(byte[] data) throws Exception {
        String raw = new String(data, StandardCharsets.UTF_8);
        CallState state;
        try {
            state = CallStateCodec.decode(raw);
        } catch (RedisValueException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n", "\u0000");
            return;
        }
        assertThat(CallStateCodec.decode(CallStateCodec.encode(state))).isEqualTo(state);
    }
}
