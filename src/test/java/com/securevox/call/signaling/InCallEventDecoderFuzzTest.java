package com.securevox.call.signaling;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Any payload a client can send with a host control or an in-call message either decodes into a valid event (a data
 * payload within its limit, as JSON that reads back as what was sent) or is refused with INVALID_PAYLOAD; nothing else
 * may escape the decoder.
 */
class InCallEventDecoderFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ClientEventDecoder DECODER = new ClientEventDecoder(JSON);
    private static final ClientEventType[] TYPES = {
        ClientEventType.MUTE_PARTICIPANT,
        ClientEventType.REMOVE_PARTICIPANT,
        ClientEventType.END_CALL,
        ClientEventType.DATA
    };

    @FuzzTest(maxDuration = "2m")
    void decodesOrRefuses(FuzzedDataProvider data) {
        ClientEventType type = data.pickValue(TYPES);
        String payload = data.consumeRemainingAsString();
        JsonNode node;
        try {
            node = JSON.readTree(payload);
        } catch (IOException e) {
            return; // not JSON: the transport never hands such payloads to the decoder
        }
        try {
            ClientEvent event = DECODER.decode(type, node);
            if (event == null) {
                throw new AssertionError("decoder returned null for " + type);
            }
            if (event instanceof ClientEvent.Data message) {
                RawJson raw = message.signal().payload();
                if (raw.bytes() > InCallEventDecoder.MAX_DATA_BYTES) {
                    throw new AssertionError("payload over the limit accepted: " + raw.bytes());
                }
                if (!JSON.readTree(raw.json()).equals(node.get("payload"))) {
                    throw new AssertionError("payload changed on the way: " + raw.json());
                }
            }
        } catch (SignalingException e) {
            if (e.code() != ErrorCode.INVALID_PAYLOAD
                    || e.getMessage() == null
                    || e.getMessage().isBlank()) {
                throw new AssertionError("unexpected refusal " + e.code() + ": " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new AssertionError("the payload's JSON does not read back", e);
        }
    }
}
