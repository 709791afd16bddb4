package com.securevox.call.signaling;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Any bytes a client can send as an event payload either decode into a valid event or are refused
 * with INVALID_PAYLOAD; nothing else may escape the decoder.
 */
class ClientEventDecoderFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ClientEventDecoder DECODER = new ClientEventDecoder(JSON);

    @FuzzTest(maxDuration = "2m")
    void decodesOrRefuses(FuzzedDataProvider data) {
        ClientEventType type = data.pickValue(ClientEventType.values());
        decodeOrRefuse(type, data.consumeRemainingAsString());
    }

    /**
     * The event {@code payload} decodes into, or null when it is not JSON (the transport never hands such payloads to
     * the decoder) or was refused with INVALID_PAYLOAD and a message; any other outcome fails.
     */
    static ClientEvent decodeOrRefuse(ClientEventType type, String payload) {
        JsonNode node;
        try {
            node = JSON.readTree(payload);
        } catch (IOException e) {
            return null;
        }
        try {
            ClientEvent event = DECODER.decode(type, node);
            if (event == null) {
                throw new AssertionError("decoder returned null for " + type);
            }
            return event;
        } catch (SignalingException e) {
            if (e.code() != ErrorCode.INVALID_PAYLOAD
                    || e.getMessage() == null
                    || e.getMessage().isBlank()) {
                throw new AssertionError("unexpected refusal " + e.code() + ": " + e.getMessage(), e);
            }
            return null;
        }
    }
}
