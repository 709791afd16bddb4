package com.securevox.call.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.signaling.IceSignal;
import com.securevox.call.signaling.JsonStringLiteral;
import com.securevox.call.signaling.SdpSignal;
import com.securevox.call.signaling.Wire;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OutboundJsonTest {

    static Stream<Arguments> payloads() {
        Wire.WireParticipant withMetadata = new Wire.WireParticipant(
                "bob", "participant", false, true, 1700000000000L, "{\"name\":\"Bob \u00e9\"}");
        Wire.WireParticipant noMetadata = new Wire.WireParticipant("amy", "host", true, false, 1700000000001L, null);
        return Stream.of(
                Arguments.of(
                        "sdp relay",
                        new Wire.SdpRelay(
                                "call-1",
                                "amy",
                                new SdpSignal.Description("offer", "v=0\r\no=- 1 2 IN IP4 \"q\" \\ \u0001\r\n"),
                                null),
                        "{\"sessionId\":\"call-1\",\"from\":\"amy\",\"sdp\":{\"type\":\"offer\","
                                + "\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 \\\"q\\\" \\\\ \\u0001\\r\\n\"}}"),
                Arguments.of(
                        "sdp relay with streams",
                        new Wire.SdpRelay("c", "amy", new SdpSignal.Description("answer", "x"), Map.of("s1", "screen")),
                        "{\"sessionId\":\"c\",\"from\":\"amy\",\"sdp\":{\"type\":\"answer\",\"sdp\":\"x\"},"
                                + "\"streams\":{\"s1\":\"screen\"}}"),
                Arguments.of(
                        "sdp relay, the sender's JSON text",
                        new Wire.SdpRelay(
                                "c",
                                "amy",
                                new SdpSignal.RawDescription("offer", JsonStringLiteral.of("\"v=0\\r\\n\\u00e9 é\"")),
                                Map.of("s1", "camera")),
                        "{\"sessionId\":\"c\",\"from\":\"amy\",\"sdp\":{\"type\":\"offer\","
                                + "\"sdp\":\"v=0\\r\\n\\u00e9 é\"},\"streams\":{\"s1\":\"camera\"}}"),
                Arguments.of(
                        "end of candidates",
                        new Wire.IceRelay("c", "amy", null),
                        "{\"sessionId\":\"c\",\"from\":\"amy\",\"candidate\":null}"),
                Arguments.of(
                        "candidate",
                        new Wire.IceRelay(
                                "c",
                                "amy",
                                new IceSignal.Candidate("candidate:1 1 udp 1 1.2.3.4 5 typ host", null, 0, null)),
                        "{\"sessionId\":\"c\",\"from\":\"amy\",\"candidate\":{\"candidate\":"
                                + "\"candidate:1 1 udp 1 1.2.3.4 5 typ host\",\"sdpMid\":null,\"sdpMLineIndex\":0}}"),
                Arguments.of(
                        "participants, raw metadata",
                        new Wire.ParticipantJoined("c", withMetadata),
                        "{\"sessionId\":\"c\",\"participant\":{\"userId\":\"bob\",\"role\":\"participant\","
                                + "\"audioMuted\":false,\"videoMuted\":true,\"joinedAt\":1700000000000,"
                                + "\"metadata\":{\"name\":\"Bob \u00e9\"}}}"),
                Arguments.of(
                        "metadata null",
                        new Wire.ParticipantAck(true, noMetadata),
                        "{\"ok\":true,\"participant\":{\"userId\":\"amy\",\"role\":\"host\",\"audioMuted\":true,"
                                + "\"videoMuted\":false,\"joinedAt\":1700000000001,\"metadata\":null}}"),
                Arguments.of(
                        "non-ASCII and emoji in raw metadata",
                        new Wire.ParticipantJoined(
                                "c",
                                new Wire.WireParticipant(
                                        "bob", "participant", false, false, 1, "{\"n\":\"\u00e9\u2028\uD83D\uDE00\"}")),
                        "{\"sessionId\":\"c\",\"participant\":{\"userId\":\"bob\",\"role\":\"participant\","
                                + "\"audioMuted\":false,\"videoMuted\":false,\"joinedAt\":1,"
                                + "\"metadata\":{\"n\":\"\u00e9\u2028\uD83D\uDE00\"}}}"),
                Arguments.of(
                        "lone surrogate in raw metadata: the string path's '?'",
                        new Wire.ParticipantJoined(
                                "c",
                                new Wire.WireParticipant(
                                        "bob", "participant", false, false, 1, "{\"n\":\"x\uD800y\"}")),
                        "{\"sessionId\":\"c\",\"participant\":{\"userId\":\"bob\",\"role\":\"participant\","
                                + "\"audioMuted\":false,\"videoMuted\":false,\"joinedAt\":1,"
                                + "\"metadata\":{\"n\":\"x?y\"}}}"),
                Arguments.of(
                        "error",
                        new Wire.Failure(false, new Wire.ErrorBody("X", "a\"b")),
                        "{\"ok\":false,\"error\":{\"code\":\"X\",\"message\":\"a\\\"b\"}}"),
                Arguments.of("list", List.of(new Wire.IceServer(List.of("stun:a"))), "[{\"urls\":[\"stun:a\"]}]"),
                Arguments.of("null payload", null, "null"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void writesEventsAsEngineIoMessages(String name, Object payload, String json) {
        assertThat(text(OutboundJson.event("offer", payload))).isEqualTo("42[\"offer\"," + json + "]");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void writesAcksAsEngineIoMessages(String name, Object payload, String json) {
        assertThat(text(OutboundJson.ack(0, payload))).isEqualTo("430[" + json + "]");
        assertThat(text(OutboundJson.ack(2147483647L, payload))).isEqualTo("432147483647[" + json + "]");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void writesTheSameTextAsTheStringPath(String name, Object payload, String json) {
        assertThat(text(OutboundJson.event("offer", payload)))
                .isEqualTo(text(EngineCodec.message("2[\"offer\"," + OutboundJson.write(payload) + "]")
                        .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void writesCharactersOutsideTheBmpInStringsAsEscapedSurrogatePairs() {
        // The same JSON value as the raw UTF-8 the string path wrote; lone surrogates stay escapes, not '?'.
        Wire.AuthError error = new Wire.AuthError("X", "a\uD83D\uDE00b\uD800");
        assertThat(text(OutboundJson.event("auth_error", error)))
                .isEqualTo("42[\"auth_error\",{\"code\":\"X\",\"message\":\"a\\uD83D\\uDE00b\\uD800\"}]");
    }

    private static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static String text(ByteBuf utf8) {
        try {
            return utf8.toString(StandardCharsets.UTF_8);
        } finally {
            utf8.release();
        }
    }
}
