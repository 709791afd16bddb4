package com.securevox.call.janus;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Anything Janus (or whatever answers on its port) can send either decodes into a message, and its plugin data into a
 * VideoRoom event, or is refused with a {@link JanusProtocolException} that has a message; nothing else may escape
 * the decoders, since the client reads every frame through them.
 *
 * <p>Plain {@code mvn test} replays the seeds in {@code JanusDecoderFuzzTestInputs/decodesOrRefuses/} (messages
 * recorded from Janus 1.1.2, and written from its source); set {@code JAZZER_FUZZ=1} to fuzz.
 */
class JanusDecoderFuzzTest {
    private static final JanusDecoder DECODER = new JanusDecoder();
    private static final VideoRoomDecoder VIDEO_ROOM = new VideoRoomDecoder();

    @FuzzTest(maxDuration = "2m")
    void decodesOrRefuses(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        JanusMessage message;
        try {
            message = DECODER.decode(text);
        } catch (JanusProtocolException e) {
            requireMessage(e);
            return;
        }
        if (message == null) {
            throw new AssertionError("decoder returned null");
        }
        JanusMessage.PluginData plugin = message instanceof JanusMessage.Event event
                ? event.plugin()
                : message instanceof JanusMessage.PluginSuccess success ? success.plugin() : null;
        if (plugin == null) {
            return;
        }
        for (boolean reply : new boolean[] {true, false}) {
            try {
                if (VIDEO_ROOM.decode(plugin, reply) == null) {
                    throw new AssertionError("VideoRoom decoder returned null");
                }
            } catch (JanusProtocolException e) {
                requireMessage(e);
            }
        }
    }

    private static void requireMessage(JanusProtocolException e) {
        if (e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().length() > 500) {
            throw new AssertionError("refusal without a short message: " + e.getMessage(), e);
        }
    }
}
