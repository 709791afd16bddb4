package com.securevox.call.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.call.MediaKind;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientEventDecoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ClientEventDecoder decoder = new ClientEventDecoder(JSON);

    private ClientEvent decode(ClientEventType type, String payload) throws Exception {
        JsonNode node = payload == null ? null : JSON.readTree(payload);
        return decoder.decode(type, node);
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource(
            delimiterString = " :: ",
            nullValues = "-",
            value = {
                "AUTHENTICATE :: - :: payload: missing (expected: a JSON object for authenticate)",
                "AUTHENTICATE :: [] :: payload: an array (expected: a JSON object for authenticate)",
                "AUTHENTICATE :: {} :: token: missing (expected: a call token string)",
                "AUTHENTICATE :: {\"token\": 5} :: token: a number (expected: a non-empty string)",
                "AUTHENTICATE :: {\"token\": \"\"} :: token: a string (expected: a non-empty string)",
                "JOIN_CALL :: \"call_1\" :: payload: a string (expected: a JSON object for join_call)",
                "JOIN_CALL :: {} :: sessionId: missing (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])",
                "JOIN_CALL :: {\"sessionId\": 7} :: sessionId: a number (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])",
                "JOIN_CALL :: {\"sessionId\": \"a b\"} :: sessionId: 'a b' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])",
                "JOIN_CALL :: {\"sessionId\": \"c\", \"metadata\": [1]} :: metadata: an array (expected: an object or null)",
                "JOIN_CALL :: {\"sessionId\": \"c\", \"audioMuted\": \"yes\"} :: audioMuted: 'yes' (expected: true, false or absent)",
                "JOIN_CALL :: {\"sessionId\": \"c\", \"e2ee\": {\"key\": \"k\"}} :: e2ee: an object (expected: true, false or absent)",
                "LEAVE_CALL :: 3 :: payload: a number (expected: a JSON object for leave_call)",
                "OFFER :: {\"sdp\": \"v=0\"} :: to: missing (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])",
                "OFFER :: {\"to\": \"b\"} :: sdp: missing (expected: {type: \"offer\"|\"answer\", sdp: string} or a string)",
                "OFFER :: {\"to\": \"b\", \"sdp\": 1} :: sdp: a number (expected: {type: \"offer\"|\"answer\", sdp: string} or a string)",
                "OFFER :: {\"to\": \"b\", \"sdp\": {\"type\": \"pranswer\", \"sdp\": \"\"}} :: sdp.type: 'pranswer' (expected: \"offer\" or \"answer\")",
                "ANSWER :: {\"to\": \"b\", \"sdp\": {\"type\": \"answer\"}} :: sdp.sdp: missing (expected: a string)",
                "ICE_CANDIDATE :: {\"to\": \"b\"} :: candidate: missing (expected: {candidate, sdpMid, sdpMLineIndex} or null for end of candidates)",
                "ICE_CANDIDATE :: {\"to\": \"b\", \"candidate\": \"x\"} :: candidate: a string (expected: {candidate, sdpMid, sdpMLineIndex} or null for end of candidates)",
                "ICE_CANDIDATE :: {\"to\": \"b\", \"candidate\": {}} :: candidate.candidate: missing (expected: a string)",
                "ICE_CANDIDATE :: {\"to\": \"b\", \"candidate\": {\"candidate\": \"c\", \"sdpMLineIndex\": -1}} :: candidate.sdpMLineIndex: -1 (expected: an integer from 0 to 65535 or null)",
                "ICE_CANDIDATE :: {\"to\": \"b\", \"candidate\": {\"candidate\": \"c\", \"sdpMid\": 0}} :: candidate.sdpMid: 0 (expected: a string or null)",
                "OFFER :: {\"to\": \"b\", \"sdp\": \"v=0\", \"streams\": [\"s\"]} :: streams: an array (expected: an object of at most 16 MediaStream ids, 1 to 64 characters of [A-Za-z0-9_.:@{}-], each \"camera\" or \"screen\")",
                "OFFER :: {\"to\": \"b\", \"sdp\": \"v=0\", \"streams\": {\"a b\": \"camera\"}} :: streams: key 'a b' (expected: an object of at most 16 MediaStream ids, 1 to 64 characters of [A-Za-z0-9_.:@{}-], each \"camera\" or \"screen\")",
                "ANSWER :: {\"to\": \"b\", \"sdp\": \"v=0\", \"streams\": {\"s1\": \"window\"}} :: streams.s1: 'window' (expected: an object of at most 16 MediaStream ids, 1 to 64 characters of [A-Za-z0-9_.:@{}-], each \"camera\" or \"screen\")",
                "ANSWER :: {\"to\": \"b\", \"sdp\": \"v=0\", \"streams\": {\"s1\": true}} :: streams.s1: true (expected: an object of at most 16 MediaStream ids, 1 to 64 characters of [A-Za-z0-9_.:@{}-], each \"camera\" or \"screen\")",
                "MUTE_AUDIO :: {} :: muted: missing (expected: true or false)",
                "MUTE_VIDEO :: {\"muted\": 1} :: muted: 1 (expected: true or false)",
            })
    void refusesWithAMessageNamingTheFieldAndWhatWasExpected(ClientEventType type, String payload, String message) {
        assertThatThrownBy(() -> decode(type, payload)).isInstanceOfSatisfying(SignalingException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void sizeLimits() throws Exception {
        String bigSdp = "a".repeat(ClientEventDecoder.MAX_SDP_CHARS + 1);
        assertThatThrownBy(() -> decode(ClientEventType.OFFER, "{\"to\":\"b\",\"sdp\":\"" + bigSdp + "\"}"))
                .hasMessage("sdp: 65537 characters (expected: at most 65536)");
        assertThat(decode(ClientEventType.OFFER, "{\"to\":\"b\",\"sdp\":\"" + bigSdp.substring(1) + "\"}"))
                .isInstanceOf(ClientEvent.Sdp.class);

        String bigMeta = "{\"sessionId\":\"c\",\"metadata\":{\"k\":\"" + "m".repeat(1020) + "\"}}";
        assertThatThrownBy(() -> decode(ClientEventType.JOIN_CALL, bigMeta))
                .hasMessage("metadata: 1028 bytes as JSON (expected: at most 1024)");

        String bigCandidate = "{\"to\":\"b\",\"candidate\":{\"candidate\":\"" + "c".repeat(4100) + "\"}}";
        assertThatThrownBy(() -> decode(ClientEventType.ICE_CANDIDATE, bigCandidate))
                .hasMessageStartingWith("candidate: 4116 bytes as JSON (expected: at most 4096)");
    }

    @Test
    void bareSdpStringIsTypedByTheEvent() throws Exception {
        var offer = (ClientEvent.Sdp) decode(ClientEventType.OFFER, "{\"to\":\"bob\",\"sdp\":\"v=0\"}");
        assertThat(offer.signal().description()).isEqualTo(new SdpSignal.Description("offer", "v=0"));
        var answer = (ClientEvent.Sdp) decode(ClientEventType.ANSWER, "{\"to\":\"bob\",\"sdp\":\"v=0\"}");
        assertThat(answer.signal().description()).isEqualTo(new SdpSignal.Description("answer", "v=0"));
    }

    @Test
    void acceptsWhatRealClientsSend() throws Exception {
        var join = (ClientEvent.JoinCall) decode(
                ClientEventType.JOIN_CALL,
                "{\"sessionId\":\"call_1\",\"metadata\":{\"name\":\"Alice\"},\"videoMuted\":true,\"extra\":1}");
        assertThat(join.sessionId()).isEqualTo("call_1");
        assertThat(join.metadata().orElseThrow().json()).isEqualTo("{\"name\":\"Alice\"}");
        assertThat(join.videoMuted()).isTrue();
        assertThat(join.audioMuted()).isFalse();

        var ice = (ClientEvent.Ice) decode(
                ClientEventType.ICE_CANDIDATE,
                "{\"to\":\"bob\",\"sessionId\":\"call_1\",\"candidate\":{\"candidate\":\"candidate:1 1 udp 1 1.2.3.4 5 typ host\","
                        + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"abcd\"}}");
        assertThat(ice.signal().candidate().orElseThrow().usernameFragment()).isEqualTo("abcd");

        var end = (ClientEvent.Ice) decode(ClientEventType.ICE_CANDIDATE, "{\"to\":\"bob\",\"candidate\":null}");
        assertThat(end.signal().candidate()).isEmpty();

        assertThat(decode(ClientEventType.LEAVE_CALL, null)).isEqualTo(new ClientEvent.LeaveCall(Optional.empty()));
        assertThat(decode(ClientEventType.MUTE_VIDEO, "{\"muted\":true}"))
                .isEqualTo(new ClientEvent.Mute(MediaKind.VIDEO, true));
    }

    @Test
    void streamsExtensionIsKeptInTheSendersOrderAndAbsentWhenNotSent() throws Exception {
        var marked = (ClientEvent.Sdp) decode(
                ClientEventType.OFFER,
                "{\"to\":\"bob\",\"sdp\":\"v=0\",\"streams\":{\"{9f-cam}\":\"camera\",\"scr.1\":\"screen\"}}");
        assertThat(marked.signal().streams().orElseThrow())
                .containsExactly(Map.entry("{9f-cam}", "camera"), Map.entry("scr.1", "screen"));
        var plain = (ClientEvent.Sdp) decode(ClientEventType.ANSWER, "{\"to\":\"bob\",\"sdp\":\"v=0\"}");
        assertThat(plain.signal().streams()).isEmpty();
        var nulled =
                (ClientEvent.Sdp) decode(ClientEventType.ANSWER, "{\"to\":\"bob\",\"sdp\":\"v=0\",\"streams\":null}");
        assertThat(nulled.signal().streams()).isEmpty();
    }

    @Test
    void streamsExtensionLimits() throws Exception {
        StringBuilder seventeen = new StringBuilder("{");
        for (int i = 0; i < ClientEventDecoder.MAX_STREAMS + 1; i++) {
            seventeen.append(i == 0 ? "" : ",").append("\"s").append(i).append("\":\"camera\"");
        }
        seventeen.append('}');
        assertThatThrownBy(() ->
                        decode(ClientEventType.OFFER, "{\"to\":\"b\",\"sdp\":\"v=0\",\"streams\":" + seventeen + "}"))
                .hasMessageStartingWith("streams: 17 entries (expected: an object of at most 16 MediaStream ids");
        String longId = "i".repeat(65);
        assertThatThrownBy(() -> decode(
                        ClientEventType.OFFER,
                        "{\"to\":\"b\",\"sdp\":\"v=0\",\"streams\":{\"" + longId + "\":\"screen\"}}"))
                .hasMessageStartingWith("streams: key 'iiii");
        assertThat(decode(
                        ClientEventType.OFFER,
                        "{\"to\":\"b\",\"sdp\":\"v=0\",\"streams\":{\"" + longId.substring(1) + "\":\"screen\"}}"))
                .isInstanceOf(ClientEvent.Sdp.class);
    }

    @Test
    void tokensNeverAppearInToString() throws Exception {
        assertThat(decode(ClientEventType.AUTHENTICATE, "{\"token\":\"secret.jwt.value\"}")
                        .toString())
                .doesNotContain("secret");
        assertThat(decode(ClientEventType.OFFER, "{\"to\":\"b\",\"sdp\":\"a=ice-pwd:hunter2\"}")
                        .toString())
                .doesNotContain("hunter2");
    }
}
