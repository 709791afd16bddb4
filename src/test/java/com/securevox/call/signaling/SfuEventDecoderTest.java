package com.securevox.call.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.media.IceCandidate;
import com.securevox.call.media.PeerLink;
import com.securevox.call.media.SessionDescription;
import com.securevox.call.media.View;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SfuEventDecoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ClientEventDecoder decoder = new ClientEventDecoder(JSON);

    private ClientEvent decode(ClientEventType type, String payload) throws Exception {
        return decoder.decode(type, JSON.readTree(payload));
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource(
            delimiterString = " :: ",
            value = {
                "JOIN_CALL :: {\"sessionId\": \"c\", \"capabilities\": \"sfu\"} :: capabilities: a string (expected: an array of at most 16 words of [a-z0-9_-], e.g. [\"sfu\"])",
                "JOIN_CALL :: {\"sessionId\": \"c\", \"capabilities\": [\"SFU\"]} :: capabilities[0]: 'SFU' (expected: an array of at most 16 words of [a-z0-9_-], e.g. [\"sfu\"])",
                "JOIN_CALL :: {\"sessionId\": \"c\", \"capabilities\": [1]} :: capabilities[0]: 1 (expected: an array of at most 16 words of [a-z0-9_-], e.g. [\"sfu\"])",
                "SFU_PUBLISH :: {} :: sdp: missing (expected: {type: \"offer\", sdp: string})",
                "SFU_PUBLISH :: {\"sdp\": \"v=0\"} :: sdp: a string (expected: {type: \"offer\", sdp: string})",
                "SFU_PUBLISH :: {\"sdp\": {\"type\": \"answer\", \"sdp\": \"v=0\"}} :: sdp.type: 'answer' (expected: \"offer\")",
                "SFU_PUBLISH :: {\"sdp\": {\"type\": \"offer\", \"sdp\": \" \"}} :: sdp.sdp: a string (expected: a non-empty string)",
                "SFU_PUBLISH :: {\"sdp\": {\"type\": \"offer\", \"sdp\": \"v=0\"}, \"sources\": {\"0\": \"window\"}} :: sources.0: 'window' (expected: an object of at most 16 mids, 1 to 16 characters of [A-Za-z0-9_-], each \"camera\" or \"screen\")",
                "SFU_PUBLISH :: {\"sdp\": {\"type\": \"offer\", \"sdp\": \"v=0\"}, \"sources\": {\"a b\": \"camera\"}} :: sources: key 'a b' (expected: an object of at most 16 mids, 1 to 16 characters of [A-Za-z0-9_-], each \"camera\" or \"screen\")",
                "SFU_ANSWER :: {\"sdp\": {\"type\": \"offer\", \"sdp\": \"v=0\"}} :: sdp.type: 'offer' (expected: \"answer\")",
                "SFU_CANDIDATE :: {\"candidate\": null} :: link: missing (expected: \"publisher\" or \"subscriber\")",
                "SFU_CANDIDATE :: {\"link\": \"mesh\", \"candidate\": null} :: link: 'mesh' (expected: \"publisher\" or \"subscriber\")",
                "SFU_CANDIDATE :: {\"link\": \"publisher\"} :: candidate: missing (expected: {candidate, sdpMid, sdpMLineIndex} or null for end of candidates)",
                "SFU_CANDIDATE :: {\"link\": \"publisher\", \"candidate\": {\"candidate\": \"c\", \"sdpMLineIndex\": 1.5}} :: candidate.sdpMLineIndex: 1.5 (expected: an integer from 0 to 65535 or null)",
                "SFU_VIEW :: {} :: views: missing (expected: an array of at most 64 {userId, width, height})",
                "SFU_VIEW :: {\"views\": [{\"userId\": \"b\", \"width\": 320}]} :: views[0].height: missing (expected: an integer from 0 to 16384, CSS pixels)",
                "SFU_VIEW :: {\"views\": [{\"userId\": \"b c\", \"width\": 1, \"height\": 1}]} :: views[0].userId: 'b c' (expected: a participant's userId)",
                "SFU_VIEW :: {\"views\": [{\"userId\": \"b\", \"width\": -1, \"height\": 1}]} :: views[0].width: -1 (expected: an integer from 0 to 16384, CSS pixels)",
            })
    void refusesWithAMessageNamingTheFieldAndWhatWasExpected(ClientEventType type, String payload, String message) {
        assertThatThrownBy(() -> decode(type, payload)).isInstanceOfSatisfying(SignalingException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void capabilitiesAreAnExtensionThatOldClientsLeaveOut() throws Exception {
        assertThat(decode(ClientEventType.JOIN_CALL, "{\"sessionId\": \"c\"}"))
                .isInstanceOfSatisfying(ClientEvent.JoinCall.class, j -> assertThat(j.sfuCapable())
                        .isFalse());
        assertThat(decode(ClientEventType.JOIN_CALL, "{\"sessionId\": \"c\", \"capabilities\": [\"e2ee\", \"sfu\"]}"))
                .isInstanceOfSatisfying(ClientEvent.JoinCall.class, j -> assertThat(j.sfuCapable())
                        .isTrue());
    }

    @Test
    void decodesEverySfuEvent() throws Exception {
        assertThat(
                        decode(
                                ClientEventType.SFU_PUBLISH,
                                "{\"sdp\": {\"type\": \"offer\", \"sdp\": \"v=0\"}, \"sources\": {\"2\": \"screen\"}, \"x\": 1}"))
                .isEqualTo(new ClientEvent.SfuPublish(
                        new SessionDescription(SessionDescription.Type.OFFER, "v=0"), Map.of("2", "screen")));
        assertThat(decode(ClientEventType.SFU_ANSWER, "{\"sdp\": {\"type\": \"answer\", \"sdp\": \"v=0\"}}"))
                .isEqualTo(new ClientEvent.SfuAnswer(new SessionDescription(SessionDescription.Type.ANSWER, "v=0")));
        assertThat(decode(
                        ClientEventType.SFU_CANDIDATE,
                        "{\"link\": \"subscriber\", \"candidate\": {\"candidate\": \"candidate:1\", \"sdpMid\": \"0\","
                                + " \"sdpMLineIndex\": 0}}"))
                .isEqualTo(new ClientEvent.SfuCandidate(
                        PeerLink.SUBSCRIBER, Optional.of(new IceCandidate("candidate:1", "0", 0))));
        assertThat(decode(ClientEventType.SFU_CANDIDATE, "{\"link\": \"publisher\", \"candidate\": null}"))
                .isEqualTo(new ClientEvent.SfuCandidate(PeerLink.PUBLISHER, Optional.empty()));
        assertThat(decode(
                        ClientEventType.SFU_VIEW,
                        "{\"views\": [{\"userId\": \"b\", \"width\": 320, \"height\": 180}]}"))
                .isEqualTo(new ClientEvent.SfuView(List.of(new View("b", 320, 180))));
    }

    @Test
    void readsAnSdpTheTransportKeptAsJsonText() {
        var payload = JSON.createObjectNode();
        payload.putObject("sdp").put("type", "offer").putPOJO("sdp", JsonStringLiteral.of("\"v=0\\r\\n\""));
        assertThat(decoder.decode(ClientEventType.SFU_PUBLISH, payload))
                .isEqualTo(new ClientEvent.SfuPublish(
                        new SessionDescription(SessionDescription.Type.OFFER, "v=0\r\n"), Map.of()));
    }
}
