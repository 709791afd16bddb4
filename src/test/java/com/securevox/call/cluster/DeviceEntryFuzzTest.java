package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Whatever a member of a user's set of device connections holds, {@link DeviceEntry#parse} either returns the entry
 * whose member is exactly that text or refuses it with {@link RedisValueException}: never another exception, never an
 * entry made up from garbage.
 *
 * <p>Plain {@code mvn test} replays the seeds in {@code DeviceEntryFuzzTestInputs/parses/}; set {@code JAZZER_FUZZ=1}
 * to fuzz.
 */
class DeviceEntryFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void parses(byte[] data) {
        String member = new String(data, StandardCharsets.UTF_8);
        try {
            DeviceEntry entry = DeviceEntry.parse(member);
            assertThat(entry.member()).isEqualTo(member);
        } catch (RedisValueException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
