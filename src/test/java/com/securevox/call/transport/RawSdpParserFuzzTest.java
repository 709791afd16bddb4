package com.securevox.call.transport;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.POJONode;
import com.securevox.call.signaling.JsonStringLiteral;
import java.nio.charset.StandardCharsets;

/**
 * Passing the SDP (and an in-call message's payload) through as raw JSON text changes nothing a client can observe: an event the plain strict parser
 * accepts decodes to the same values (the raw text read back equals the plain string), and one it refuses is refused.
 */
class RawSdpParserFuzzTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectReader PLAIN = MAPPER.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    @FuzzTest(maxDuration = "2m")
    void decodesLikeThePlainParser(byte[] data) throws Exception {
        String json = new String(data, StandardCharsets.UTF_8);
        if (!json.isEmpty() && (Character.isDigit(json.charAt(0)) || json.charAt(0) == '/')) {
            return; // an ack id or a namespace: the packet's JSON would not be the whole input
        }
        String packet = "2" + json;
        JsonNode plain;
        try {
            plain = PLAIN.readTree(json);
        } catch (Exception e) {
            plain = null;
        }
        JsonNode raw;
        try {
            raw = SocketIoCodec.decode(packet).data();
        } catch (ProtocolViolation e) {
            raw = null;
        }
        if (raw == null) {
            return; // refused: by the JSON parser, or as an event that is not an array with a name first
        }
        if (plain == null) {
            throw new AssertionError("accepted what the plain parser refuses: " + json);
        }
        JsonNode sdp = raw.at("/1/sdp/sdp");
        if (sdp instanceof POJONode pojo && pojo.getPojo() instanceof JsonStringLiteral literal) {
            String text = MAPPER.readTree(literal.json()).asText();
            if (!text.equals(literal.decoded())) {
                throw new AssertionError("literal decodes differently: " + json);
            }
            if (!text.equals(plain.at("/1/sdp/sdp").asText())) {
                throw new AssertionError("raw SDP reads back differently: " + json);
            }
            ((com.fasterxml.jackson.databind.node.ObjectNode) raw.get(1).get("sdp")).put("sdp", text);
        }
        JsonNode payload = raw.at("/1/payload");
        if (payload instanceof POJONode pojo
                && pojo.getPojo() instanceof com.securevox.call.signaling.RawJson message) {
            if (!MAPPER.readTree(message.json()).equals(plain.at("/1/payload"))) {
                throw new AssertionError("raw data payload reads back differently: " + json);
            }
            ((com.fasterxml.jackson.databind.node.ObjectNode) raw.get(1)).set("payload", message.decoded());
        }
        if (!raw.equals(plain)) {
            throw new AssertionError("different tree: " + raw + " against " + plain);
        }
    }
}
