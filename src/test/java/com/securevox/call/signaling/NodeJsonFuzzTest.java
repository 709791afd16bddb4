package com.securevox.call.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What another node sends as JSON text (an event a client sent, an event or ack for a client) is outside input: the
 * owner's reading either gives the tree, which writes back to JSON that reads as the same tree, or refuses it with a
 * {@link JsonProcessingException}; the edge's check either passes exactly one JSON object or array, which a plain
 * parser reads as well, or refuses it with an {@link IllegalArgumentException}. Nothing else escapes. Plain {@code mvn
 * test} replays the seeds in {@code NodeJsonFuzzTestInputs/readsOrRefuses/}; set {@code JAZZER_FUZZ=1} to fuzz.
 */
class NodeJsonFuzzTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    @FuzzTest(maxDuration = "2m")
    void readsOrRefuses(byte[] data) throws JsonProcessingException {
        String text = new String(data, java.nio.charset.StandardCharsets.UTF_8);
        try {
            JsonNode tree = NodeJson.read(text);
            if (tree != null) {
                assertThat(NodeJson.read(NodeJson.write(tree))).isEqualTo(tree);
            }
        } catch (JsonProcessingException e) {
            assertThat(e.getOriginalMessage()).isNotNull();
        }
        try {
            RawJson raw = NodeJson.raw(text);
            JsonNode parsed = PLAIN.readTree(raw.json());
            assertThat(parsed.isObject() || parsed.isArray()).as(text).isTrue();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
