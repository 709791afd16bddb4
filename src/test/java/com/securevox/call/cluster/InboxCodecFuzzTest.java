package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.securevox.call.call.NodeBus.Envelope;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever an inbox entry holds, the decoder either returns an envelope that encodes and decodes again to itself, or
 * refuses it with a one-line {@link RedisValueException}: never another exception.
 *
 * <p>An input is the entry's fields, one per line, the name before the first space and the value after it, so the
 * seeds in {@code InboxCodecFuzzTestInputs/decodes/} read like the entries they stand for. Plain {@code mvn test}
 * replays them; set {@code JAZZER_FUZZ=1} to fuzz.
 */
class InboxCodecFuzzTest {

    /** The seeds named after a kind of message are valid entries, so the fuzzer starts from both sides. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "open",
                "forward",
                "forward-without-ack",
                "disconnected",
                "reply",
                "deliver",
                "bounced",
                "handed",
                "kick",
                "kick-disconnect"
            })
    void theSeedsNamedAfterAMessageDecode(String seed) throws IOException, RedisValueException {
        try (InputStream in = getClass().getResourceAsStream("InboxCodecFuzzTestInputs/decodes/" + seed)) {
            assertThat(in).as(seed).isNotNull();
            Envelope envelope = InboxCodec.decode(fields(in.readAllBytes()));
            assertThat(InboxCodec.encode(envelope).get("type")).isEqualTo(seed.replaceFirst("-.*", ""));
        }
    }

    @FuzzTest(maxDuration = "2m")
    void decodes(byte[] data) {
        Envelope envelope;
        try {
            envelope = InboxCodec.decode(fields(data));
        } catch (RedisValueException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n", "\r", "\u0000");
            return;
        }
        Map<String, String> again = InboxCodec.encode(envelope);
        assertThat(again.keySet()).containsExactlyElementsOf(InboxCodec.FIELDS);
        try {
            assertThat(InboxCodec.decode(again)).isEqualTo(envelope);
        } catch (RedisValueException e) {
            throw new AssertionError("an encoded envelope was refused: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> fields(byte[] data) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : new String(data, StandardCharsets.UTF_8).split("\n", -1)) {
            int space = line.indexOf(' ');
            if (space < 0) {
                fields.put(line, "");
            } else {
                fields.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        return fields;
    }
}
