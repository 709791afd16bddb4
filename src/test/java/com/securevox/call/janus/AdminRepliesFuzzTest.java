package com.securevox.call.janus;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Whatever answers on the Admin API's port either reads as each reply we ask for, is Janus's error, or is refused
 * with a {@link JanusProtocolException} that has a short message; nothing else may escape, since the quality poller
 * reads every reply through these.
 *
 * <p>Plain {@code mvn test} replays the seeds in {@code AdminRepliesFuzzTestInputs/decodesOrRefuses/} (replies
 * recorded from Janus 1.1.2 with a browser publishing to it); set {@code JAZZER_FUZZ=1} to fuzz.
 */
class AdminRepliesFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void decodesOrRefuses(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        com.fasterxml.jackson.databind.JsonNode tree;
        try {
            tree = JanusDecoder.tree(text);
        } catch (JanusProtocolException e) {
            requireMessage(e);
            return;
        }
        AdminReplies.transaction(tree);
        for (int reply = 0; reply < 3; reply++) {
            try {
                Object read =
                        switch (reply) {
                            case 0 -> AdminReplies.sessions(tree);
                            case 1 -> AdminReplies.handles(tree);
                            default -> AdminReplies.handleInfo(tree);
                        };
                if (read == null) {
                    throw new AssertionError("reply read as null");
                }
            } catch (JanusProtocolException e) {
                requireMessage(e);
            } catch (JanusErrorException e) {
                if (e.getMessage() == null || e.getMessage().length() > 500) {
                    throw new AssertionError("error without a short message: " + e.getMessage(), e);
                }
            }
        }
    }

    private static void requireMessage(RuntimeException e) {
        if (e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().length() > 500) {
            throw new AssertionError("refusal without a short message: " + e.getMessage(), e);
        }
    }
}
