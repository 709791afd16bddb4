package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whatever a node's hash holds, {@link NodeEntry#decode} either returns the entry whose encoding is exactly that hash
 * or refuses it with {@link RedisValueException}: never another exception, never a node made up from garbage.
 *
 * <p>The input is the hash as lines of {@code field=value}. Plain {@code mvn test} replays the seeds in {@code
 * NodeEntryFuzzTestInputs/decodes/}; set {@code JAZZER_FUZZ=1} to fuzz.
 */
class NodeEntryFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void decodes(byte[] data) {
        Map<String, String> hash = new LinkedHashMap<>();
        for (String line : new String(data, StandardCharsets.UTF_8).split("\n", -1)) {
            int equals = line.indexOf('=');
            if (equals >= 0) {
                hash.put(line.substring(0, equals), line.substring(equals + 1));
            } else if (!line.isEmpty()) {
                hash.put(line, "");
            }
        }
        try {
            NodeEntry entry = NodeEntry.decode(hash);
            assertThat(entry.encode()).isEqualTo(hash);
        } catch (RedisValueException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n", "\u0000");
        }
    }
}
