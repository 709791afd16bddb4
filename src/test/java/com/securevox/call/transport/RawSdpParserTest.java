package com.securevox.call.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.POJONode;
import com.securevox.call.signaling.ClientEvent;
import com.securevox.call.signaling.ClientEventDecoder;
import com.securevox.call.signaling.ClientEventType;
import com.securevox.call.signaling.JsonStringLiteral;
import com.securevox.call.signaling.SdpSignal;
import com.securevox.call.signaling.Wire;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RawSdpParserTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ClientEventDecoder DECODER = new ClientEventDecoder(MAPPER);

    /** JSON string literals as a client may write an SDP: the relay must carry the same string value. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "\"v=0\"",
                "\"\"",
                "\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\n\"",
                "\"quote \\\" backslash \\\\ slash \\/ tab \\t\"",
                "\"unicode \\u00e9 \u00e9 \\ud83d\\ude00 \uD83D\uDE00 \\u2028\"",
                "\"lone \\ud800 surrogate\"",
                "\"ends in a backslash \\\\\"",
                "\"backslashes then a quote \\\\\\\" \\\\\\\\\\\\\\\" \\\\\\\\\"",
                "\"\\\"\"",
            })
    void relaysTheSameStringAsTheDecodedPath(String sdpJson) throws Exception {
        String packet = "2[\"offer\",{\"to\":\"bob\",\"sdp\":{\"type\":\"offer\",\"sdp\":" + sdpJson + "}}]";

        JsonNode payload = SocketIoCodec.decode(packet).data().get(1);
        assertThat(payload.at("/sdp/sdp")).isInstanceOf(POJONode.class);
        assertThat(((POJONode) payload.at("/sdp/sdp")).getPojo()).isEqualTo(JsonStringLiteral.of(sdpJson));
        SdpSignal raw = ((ClientEvent.Sdp) DECODER.decode(ClientEventType.OFFER, payload)).signal();
        assertThat(raw.json()).isTrue();

        SdpSignal decoded = ((ClientEvent.Sdp) DECODER.decode(
                        ClientEventType.OFFER,
                        MAPPER.readTree(packet.substring(1)).get(1)))
                .signal();
        assertThat(decoded.json()).isFalse();
        assertThat(sent(raw)).isEqualTo(sent(decoded));
        assertThat(sent(raw).at("/sdp/sdp").asText())
                .isEqualTo(MAPPER.readTree(sdpJson).asText());
    }

    /** Only the SDP of the event's payload is passed through; every other string is decoded as before. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "2[\"offer\",{\"to\":\"bob\",\"sdp\":\"v=0\"}]                          | /1/sdp",
                "2[\"offer\",{\"to\":\"bob\",\"sdp\":{\"type\":\"offer\"}},{\"sdp\":{\"sdp\":\"x\"}}] | /2/sdp/sdp",
                "2[\"offer\",{\"x\":{\"sdp\":{\"sdp\":\"v=0\"}}}]                       | /1/x/sdp/sdp",
                "2[\"offer\",{\"sdp\":{\"x\":\"v=0\",\"type\":\"v=0\"}}]                | /1/sdp/x",
                "2[\"offer\",[{\"sdp\":{\"sdp\":\"v=0\"}}]]                             | /1/0/sdp/sdp",
                "0{\"sdp\":{\"sdp\":\"v=0\"}}                                           | /sdp/sdp",
            })
    void decodesStringsElsewhere(String packet, String pointer) throws Exception {
        assertThat(SocketIoCodec.decode(packet).data().at(pointer).isTextual()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "2[\"offer\",{\"sdp\":{\"sdp\":\"bad escape \\x\"}}]",
                "2[\"offer\",{\"sdp\":{\"sdp\":\"control \u0001 char\"}}]",
                "2[\"offer\",{\"sdp\":{\"sdp\":\"unterminated}}]",
                "2[\"offer\",{\"sdp\":{\"sdp\":\"v=0\",\"sdp\":\"v=1\"}}]",
                "2[\"offer\",{\"sdp\":{\"sdp\":\"v=0\"}}] []",
                "2[\"offer\",{\"sdp\":{\"sdp\":\"v=0\"}}",
            })
    void refusesWhatThePlainParserRefuses(String packet) {
        assertThatThrownBy(() -> MAPPER.readerFor(JsonNode.class)
                        .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                        .with(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .readTree(packet.substring(1)))
                .isInstanceOf(Exception.class);
        assertThatThrownBy(() -> SocketIoCodec.decode(packet)).isInstanceOf(ProtocolViolation.class);
    }

    @ParameterizedTest(name = "{0} characters")
    @CsvSource({"65536, true", "65537, false"})
    void passesThroughOnlyWhatFitsTheLimitUndecoded(int length, boolean raw) throws Exception {
        String packet = "2[\"offer\",{\"sdp\":{\"sdp\":\"" + "a".repeat(length) + "\"}}]";
        assertThat(SocketIoCodec.decode(packet).data().at("/1/sdp/sdp") instanceof POJONode)
                .isEqualTo(raw);
    }

    /** The limit is on the SDP's characters: text longer than the limit is decoded, then checked exactly. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "32768 escapes, 65536 characters of text | \\n | 32768 | ''",
                "32769 escapes, 65538 characters of text | \\n | 32769 | ''",
                "65537 characters                        | a    | 65537 | sdp: 65537 characters (expected: at most 65536)",
            })
    void checksTheSdpLengthExactly(String name, String unit, int count, String refusal) throws Exception {
        String packet =
                "2[\"offer\",{\"to\":\"bob\",\"sdp\":{\"type\":\"offer\",\"sdp\":\"" + unit.repeat(count) + "\"}}]";
        JsonNode payload = SocketIoCodec.decode(packet).data().get(1);
        if (refusal.isEmpty()) {
            assertThat(((ClientEvent.Sdp) DECODER.decode(ClientEventType.OFFER, payload)).to())
                    .isEqualTo("bob");
        } else {
            assertThatThrownBy(() -> DECODER.decode(ClientEventType.OFFER, payload))
                    .hasMessage(refusal);
        }
    }

    /** An in-call message's object or array payload is kept as the client's text and sent on as those bytes. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "{\"text\":\"h\u00e9llo \\u2028 \\\"quoted\\\"\",\"n\":[1,2.5e3,-0,null,true,{}]}",
                "[]",
                "{}",
                "[ {\"a\" : [ [ ] ] } , \"}]\" ]",
                "{\"payload\":{\"payload\":1}}",
            })
    void keepsADataPayloadAsTheClientsText(String payloadJson) throws Exception {
        String packet = "2[\"data\",{\"topic\":\"t\",\"payload\":" + payloadJson + ",\"to\":\"bob\"}]";

        JsonNode payload = SocketIoCodec.decode(packet).data().get(1);
        assertThat(payload.get("payload")).isInstanceOf(POJONode.class);
        assertThat(payload.get("to").asText()).isEqualTo("bob");
        ClientEvent.Data raw = (ClientEvent.Data) DECODER.decode(ClientEventType.DATA, payload);
        assertThat(raw.signal().payload().json()).isEqualTo(payloadJson);

        ClientEvent.Data decoded = (ClientEvent.Data) DECODER.decode(
                ClientEventType.DATA, MAPPER.readTree(packet.substring(1)).get(1));
        assertThat(sent(raw)).isEqualTo(sent(decoded));
        assertThat(sent(raw).get("payload")).isEqualTo(MAPPER.readTree(payloadJson));
    }

    /** Only the payload of a data event, and only an object or array, is kept as text. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "2[\"data\",{\"payload\":\"text\"}]            | /1/payload",
                "2[\"data\",{\"payload\":12}]                    | /1/payload",
                "2[\"chat\",{\"payload\":{\"a\":1}}]            | /1/payload",
                "2[\"data\",{\"x\":{\"payload\":{\"a\":1}}}]   | /1/x/payload",
                "2[\"data\",{},{\"payload\":{\"a\":1}}]         | /2/payload",
                "2[\"data\",[{\"payload\":{\"a\":1}}]]           | /1/0/payload",
            })
    void keepsNothingElseAsText(String packet, String pointer) throws Exception {
        assertThat(SocketIoCodec.decode(packet).data().at(pointer)).isNotInstanceOf(POJONode.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "2[\"data\",{\"payload\":{\"a\":1,\"a\":2}}]",
                "2[\"data\",{\"payload\":{\"a\":}}]",
                "2[\"data\",{\"payload\":[1,]}]",
                "2[\"data\",{\"payload\":{\"a\":\"\\x\"}}]",
                "2[\"data\",{\"payload\":{\"a\":1}}",
                "2[\"data\",{\"payload\":{\"a\":1}]",
            })
    void refusesMalformedDataPayloads(String packet) {
        assertThatThrownBy(() -> SocketIoCodec.decode(packet)).isInstanceOf(ProtocolViolation.class);
    }

    /** The limit counts compact JSON: a payload whose spaces make its text too long is measured without them. */
    @ParameterizedTest(name = "{0} spaces")
    @CsvSource({"0, ''", "1, 'payload: 16385 bytes as JSON (expected: at most 16384)'"})
    void measuresARawPayloadCompactWhenItsTextIsTooLong(int extra, String refusal) throws Exception {
        String compact = "{\"s\":\"" + "x".repeat(16 * 1024 - 8 + extra) + "\"}";
        String spaced = compact.replace("{", "{" + " ".repeat(100));
        JsonNode payload = SocketIoCodec.decode("2[\"data\",{\"payload\":" + spaced + "}]")
                .data()
                .get(1);
        if (refusal.isEmpty()) {
            assertThat(((ClientEvent.Data) DECODER.decode(ClientEventType.DATA, payload))
                            .signal()
                            .payload()
                            .json())
                    .isEqualTo(compact);
        } else {
            assertThatThrownBy(() -> DECODER.decode(ClientEventType.DATA, payload))
                    .hasMessage(refusal);
        }
    }

    private static JsonNode sent(ClientEvent.Data data) throws Exception {
        return sent(
                "data",
                new Wire.Data(
                        "call",
                        "amy",
                        data.signal().topic().orElse(null),
                        data.signal().payload()));
    }

    private static JsonNode sent(SdpSignal signal) throws Exception {
        return sent("offer", new Wire.SdpRelay("call", "amy", signal.description(), null));
    }

    /** The event's payload as the transport writes it. */
    private static JsonNode sent(String event, Object payload) throws Exception {
        ByteBuf packet = OutboundJson.event(event, payload);
        String text = packet.toString(StandardCharsets.UTF_8);
        packet.release();
        assertThat(text).startsWith("42");
        return MAPPER.readTree(text.substring(2)).get(1);
    }
}
