package com.securevox.call.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.ring.Invite;
import com.securevox.call.ring.PushRing;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RingEventDecoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ClientEventDecoder decoder = new ClientEventDecoder(JSON);

    private RingRequest decode(ClientEventType type, String payload) throws Exception {
        return ((ClientEvent.Ringing) decoder.decode(type, JSON.readTree(payload))).request();
    }

    @Test
    void decodesEachRingingEvent() throws Exception {
        assertThat(decode(
                        ClientEventType.CALL_INVITE,
                        "{\"to\":[\"bob\",\"carol\"],\"sessionId\":\"call_1\",\"media\":\"audio\","
                                + "\"metadata\":{\"name\":\"Alice\"},\"extra\":1}"))
                .isEqualTo(new RingRequest.Ring(new Invite(
                        List.of("bob", "carol"),
                        Optional.of("call_1"),
                        PushRing.Media.AUDIO,
                        Optional.of("{\"name\":\"Alice\"}"))));
        assertThat(decode(ClientEventType.CALL_INVITE, "{\"to\":[\"bob\"],\"media\":\"video\",\"sessionId\":null}"))
                .isEqualTo(new RingRequest.Ring(
                        new Invite(List.of("bob"), Optional.empty(), PushRing.Media.VIDEO, Optional.empty())));
        assertThat(decode(ClientEventType.CALL_ACCEPT, "{\"sessionId\":\"call_1\"}"))
                .isEqualTo(new RingRequest.Accept("call_1"));
        assertThat(decode(ClientEventType.CALL_DECLINE, "{\"sessionId\":\"call_1\"}"))
                .isEqualTo(new RingRequest.Decline("call_1", false));
        assertThat(decode(ClientEventType.CALL_DECLINE, "{\"sessionId\":\"call_1\",\"reason\":\"declined\"}"))
                .isEqualTo(new RingRequest.Decline("call_1", false));
        assertThat(decode(ClientEventType.CALL_DECLINE, "{\"sessionId\":\"call_1\",\"reason\":\"busy\"}"))
                .isEqualTo(new RingRequest.Decline("call_1", true));
        assertThat(decode(ClientEventType.CALL_CANCEL, "{\"sessionId\":\"call_1\"}"))
                .isEqualTo(new RingRequest.Cancel("call_1"));
        assertThat(decode(
                        ClientEventType.REGISTER_DEVICE,
                        "{\"platform\":\"apns_voip\",\"token\":\"ab12\",\"appId\":\"com.example\","
                                + "\"environment\":\"sandbox\"}"))
                .isEqualTo(new RingRequest.RegisterDevice(
                        "apns_voip", "ab12", Optional.of("com.example"), Optional.of("sandbox")));
        assertThat(decode(ClientEventType.REGISTER_DEVICE, "{\"platform\":\"fcm\",\"token\":\"t\",\"appId\":null}"))
                .isEqualTo(new RingRequest.RegisterDevice("fcm", "t", Optional.empty(), Optional.empty()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "CALL_INVITE  | '\"x\"'                              | payload: a string (expected: a JSON object for call_invite)",
                "CALL_INVITE  | {\"media\":\"audio\"}                | to: missing (expected: an array of 1 to 16 user ids)",
                "CALL_INVITE  | {\"to\":[],\"media\":\"audio\"}      | to: an array (expected: an array of 1 to 16 user ids)",
                "CALL_INVITE  | {\"to\":\"bob\",\"media\":\"audio\"} | to: 'bob' (expected: an array of 1 to 16 user ids)",
                "CALL_INVITE  | {\"to\":[\"\"],\"media\":\"audio\"}  | to[0]: '' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])",
                "CALL_INVITE  | {\"to\":[\"b\",7],\"media\":\"audio\"} | to[1]: a number (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])",
                "CALL_INVITE  | {\"to\":[\"bob\"]}                   | media: missing (expected: \"audio\" or \"video\")",
                "REGISTER_DEVICE | {\"token\":\"t\"}                | platform: missing (expected: a string)",
                "REGISTER_DEVICE | {\"platform\":1,\"token\":\"t\"}  | platform: a number (expected: a string)",
                "REGISTER_DEVICE | {\"platform\":\"fcm\"}           | token: missing (expected: a string)",
                "REGISTER_DEVICE | {\"platform\":\"fcm\",\"token\":\"t\",\"environment\":[]} | environment: an array (expected: a string)",
                "CALL_INVITE  | {\"to\":[\"bob\"],\"media\":\"fax\"} | media: 'fax' (expected: \"audio\" or \"video\")",
                "CALL_INVITE  | {\"to\":[\"bob\"],\"media\":\"audio\",\"sessionId\":\"a b\"} | sessionId: 'a b' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])",
                "CALL_INVITE  | {\"to\":[\"bob\"],\"media\":\"audio\",\"metadata\":[]} | metadata: an array (expected: an object or null)",
                "CALL_ACCEPT  | {}                                   | sessionId: missing (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])",
                "CALL_DECLINE | {\"sessionId\":\"c\",\"reason\":\"nope\"} | reason: 'nope' (expected: \"declined\" or \"busy\", or absent)",
                "CALL_DECLINE | {\"sessionId\":\"c\",\"reason\":1}    | reason: 1 (expected: \"declined\" or \"busy\", or absent)",
                "CALL_CANCEL  | {\"sessionId\":true}                 | sessionId: a boolean (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])",
            })
    void refusesNamingTheFieldTheValueAndWhatWasExpected(ClientEventType type, String payload, String message) {
        assertThatThrownBy(() -> decoder.decode(type, JSON.readTree(payload)))
                .isInstanceOfSatisfying(
                        SignalingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD))
                .hasMessage(message);
    }

    @Test
    void refusesMoreThanSixteenInvitees() {
        String to = String.join(",", java.util.Collections.nCopies(17, "\"u\""));
        assertThatThrownBy(() -> decoder.decode(
                        ClientEventType.CALL_INVITE, JSON.readTree("{\"to\":[" + to + "],\"media\":\"audio\"}")))
                .hasMessage("to: an array (expected: an array of 1 to 16 user ids)");
    }
}
