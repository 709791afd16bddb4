package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.securevox.call.call.CallOwnership.Owner;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Whatever a Redis key holds, the decoders either return exactly what we would have written (encoding it again gives
 * the same text) or refuse it with {@link RedisValueException}: never another exception, never a lease from garbage.
 *
 * <p>Plain {@code mvn test} replays the seeds in {@code RedisValuesFuzzTestInputs/decodes/}; set {@code JAZZER_FUZZ=1}
 * to fuzz.
 */
class RedisValuesFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void decodes(byte[] data) {
        // Two decodings: UTF-8 yields multi-byte characters, Latin-1 yields every char from 0 to 255.
        check(new String(data, StandardCharsets.UTF_8));
        check(new String(data, StandardCharsets.ISO_8859_1));
        try {
            RedisValues.Reply reply = RedisValues.reply(List.of(data.length % 2 == 0 ? 0L : 1L, data));
            reply.owner()
                    .ifPresent(owner -> assertThat(RedisValues.encode(owner).getBytes(StandardCharsets.UTF_8))
                            .isEqualTo(data));
        } catch (RedisValueException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    private static void check(String raw) {
        try {
            Owner owner = RedisValues.owner(raw);
            assertThat(RedisValues.encode(owner)).isEqualTo(raw);
            assertThat(owner.epoch()).isPositive();
        } catch (RedisValueException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n", "\u0000");
        }
        try {
            long epoch = RedisValues.epoch(raw);
            assertThat(Long.toString(epoch)).isEqualTo(raw);
        } catch (RedisValueException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
