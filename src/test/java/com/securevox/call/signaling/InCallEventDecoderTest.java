package com.securevox.call.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.call.MediaKind;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The host-control and in-call message events, decoded through {@link ClientEventDecoder} as the service does. */
class InCallEventDecoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ClientEventDecoder decoder = new ClientEventDecoder(JSON);

    private ClientEvent decode(ClientEventType type, String payload) throws Exception {
        JsonNode node = payload == null ? null : JSON.readTree(payload);
        return decoder.decode(type, node);
    }

    private static final String ID = "(expected: 1 to 128 characters of [A-Za-z0-9_.:@-])";

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource(
            delimiterString = " :: ",
            nullValues = "-",
            value = {
                "MUTE_PARTICIPANT :: - :: payload: missing (expected: a JSON object for mute_participant)",
                "MUTE_PARTICIPANT :: [] :: payload: an array (expected: a JSON object for mute_participant)",
                "MUTE_PARTICIPANT :: {\"kind\": \"audio\"} :: userId: missing " + ID,
                "MUTE_PARTICIPANT :: {\"userId\": 3, \"kind\": \"audio\"} :: userId: a number " + ID,
                "MUTE_PARTICIPANT :: {\"userId\": \"a b\", \"kind\": \"audio\"} :: userId: 'a b' " + ID,
                "MUTE_PARTICIPANT :: {\"userId\": \"bob\"} :: kind: missing (expected: \"audio\" or \"video\")",
                "MUTE_PARTICIPANT :: {\"userId\": \"bob\", \"kind\": \"screen\"} :: kind: 'screen' (expected: \"audio\" or \"video\")",
                "MUTE_PARTICIPANT :: {\"userId\": \"bob\", \"kind\": true} :: kind: true (expected: \"audio\" or \"video\")",
                "MUTE_PARTICIPANT :: {\"userId\": \"bob\", \"kind\": \"AUDIO\"} :: kind: 'AUDIO' (expected: \"audio\" or \"video\")",
                "REMOVE_PARTICIPANT :: - :: payload: missing (expected: a JSON object for remove_participant)",
                "REMOVE_PARTICIPANT :: {} :: userId: missing " + ID,
                "REMOVE_PARTICIPANT :: {\"userId\": \"\"} :: userId: '' " + ID,
                "END_CALL :: 5 :: payload: a number (expected: a JSON object or nothing for end_call)",
                "END_CALL :: \"now\" :: payload: a string (expected: a JSON object or nothing for end_call)",
                "DATA :: - :: payload: missing (expected: a JSON object for data)",
                "DATA :: \"hi\" :: payload: a string (expected: a JSON object for data)",
                "DATA :: {} :: payload: missing (expected: any JSON value of at most 16384 bytes)",
                "DATA :: {\"to\": 1, \"payload\": 1} :: to: a number " + ID,
                "DATA :: {\"to\": \"a b\", \"payload\": 1} :: to: 'a b' " + ID,
                "DATA :: {\"topic\": 1, \"payload\": 1} :: topic: a number (expected: a string of 1 to 64 characters, or absent)",
                "DATA :: {\"topic\": \"\", \"payload\": 1} :: topic: 0 characters (expected: a string of 1 to 64 characters, or absent)",
            })
    void refusesWithAMessageNamingTheFieldAndWhatWasExpected(ClientEventType type, String payload, String message) {
        assertThatThrownBy(() -> decode(type, payload)).isInstanceOfSatisfying(SignalingException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiterString = " :: ",
            nullValues = "-",
            value = {
                "{\"userId\": \"bob\", \"kind\": \"audio\"} :: AUDIO",
                "{\"userId\": \"bob\", \"kind\": \"video\", \"extra\": [1]} :: VIDEO",
            })
    void mutes(String payload, MediaKind kind) throws Exception {
        assertThat(decode(ClientEventType.MUTE_PARTICIPANT, payload))
                .isEqualTo(new ClientEvent.MuteParticipant("bob", kind));
    }

    @Test
    void removesAndEnds() throws Exception {
        assertThat(decode(ClientEventType.REMOVE_PARTICIPANT, "{\"userId\":\"bob\"}"))
                .isEqualTo(new ClientEvent.RemoveParticipant("bob"));
        assertThat(decode(ClientEventType.END_CALL, null)).isEqualTo(new ClientEvent.EndCall());
        assertThat(decode(ClientEventType.END_CALL, "{}")).isEqualTo(new ClientEvent.EndCall());
        assertThat(decode(ClientEventType.END_CALL, "null")).isEqualTo(new ClientEvent.EndCall());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiterString = " :: ",
            value = {
                "{\"payload\": {\"text\": \"hi\", \"n\": [1, 2.5, null]}} :: {\"text\":\"hi\",\"n\":[1,2.5,null]}",
                "{\"payload\": null} :: null",
                "{\"payload\": \"é\\u2028\"} :: \"é\u2028\"",
                "{\"payload\": 0, \"to\": null, \"topic\": null} :: 0",
            })
    void dataCarriesAnyJsonAsCompactText(String payload, String json) throws Exception {
        ClientEvent.Data data = (ClientEvent.Data) decode(ClientEventType.DATA, payload);

        assertThat(data.to()).isEmpty();
        assertThat(data.signal().topic()).isEmpty();
        assertThat(data.signal().payload().json()).isEqualTo(json);
        assertThat(JSON.readTree(JSON.writeValueAsString(
                        new Wire.Data("s", "a", null, data.signal().payload()))))
                .isEqualTo(
                        JSON.readTree("{\"sessionId\":\"s\",\"from\":\"a\",\"topic\":null,\"payload\":" + json + "}"));
    }

    @Test
    void dataToOneWithATopic() throws Exception {
        ClientEvent.Data data =
                (ClientEvent.Data) decode(ClientEventType.DATA, "{\"to\":\"bob\",\"topic\":\"chat\",\"payload\":[1]}");

        assertThat(data.to()).contains("bob");
        assertThat(data.signal().topic()).isEqualTo(Optional.of("chat"));
        assertThat(data.signal().toString()).doesNotContain("[1]");
    }

    @Test
    void sizeLimits() throws Exception {
        // {"s":"…"} is 8 bytes around the content.
        String fits = "{\"payload\":{\"s\":\"" + "x".repeat(InCallEventDecoder.MAX_DATA_BYTES - 8) + "\"}}";
        assertThat(((ClientEvent.Data) decode(ClientEventType.DATA, fits))
                        .signal()
                        .payload()
                        .bytes())
                .isEqualTo(InCallEventDecoder.MAX_DATA_BYTES);
        String over = "{\"payload\":{\"s\":\"" + "x".repeat(InCallEventDecoder.MAX_DATA_BYTES - 7) + "\"}}";
        assertThatThrownBy(() -> decode(ClientEventType.DATA, over))
                .hasMessage("payload: 16385 bytes as JSON (expected: at most 16384)");
        // Multi-byte characters count by their UTF-8 bytes.
        String wide = "{\"payload\":\"" + "é".repeat(InCallEventDecoder.MAX_DATA_BYTES / 2) + "\"}";
        assertThatThrownBy(() -> decode(ClientEventType.DATA, wide))
                .hasMessage("payload: 16386 bytes as JSON (expected: at most 16384)");

        String topic = "t".repeat(InCallEventDecoder.MAX_TOPIC_CHARS + 1);
        assertThatThrownBy(() -> decode(ClientEventType.DATA, "{\"topic\":\"" + topic + "\",\"payload\":1}"))
                .hasMessage("topic: 65 characters (expected: a string of 1 to 64 characters, or absent)");
        assertThat(decode(ClientEventType.DATA, "{\"topic\":\"" + topic.substring(1) + "\",\"payload\":1}"))
                .isInstanceOf(ClientEvent.Data.class);
    }
}
