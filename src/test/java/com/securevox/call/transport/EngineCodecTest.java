package com.securevox.call.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EngineCodecTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1       | CLOSE   | ''",
                "2probe  | PING    | probe",
                "3       | PONG    | ''",
                "3probe  | PONG    | probe",
                "440     | MESSAGE | 40",
                "5       | UPGRADE | ''",
                "6       | NOOP    | ''",
            })
    void decodesTextPackets(String text, EnginePacketType type, String data) throws ProtocolViolation {
        assertThat(EngineCodec.decode(text)).isEqualTo(new EnginePacket(type, data, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "7", "9x", "a", "\u0000"})
    void refusesUnknownTypes(String text) {
        assertThatThrownBy(() -> EngineCodec.decode(text)).isInstanceOf(ProtocolViolation.class);
    }

    @Test
    void splitsPayloadsOnTheRecordSeparatorWithBinaryInBase64() throws ProtocolViolation {
        List<EnginePacket> packets = EngineCodec.decodePayload("3\u001e42[\"a\"]\u001ebAQID");
        assertThat(packets)
                .containsExactly(
                        new EnginePacket(EnginePacketType.PONG, "", null),
                        new EnginePacket(EnginePacketType.MESSAGE, "2[\"a\"]", null),
                        EnginePacket.binaryMessage(new byte[] {1, 2, 3}));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "4a\u001e", "\u001e4a", "b!!!", "4a\u001e\u001e3"})
    void refusesMalformedPayloads(String payload) {
        assertThatThrownBy(() -> EngineCodec.decodePayload(payload)).isInstanceOf(ProtocolViolation.class);
    }

    @Test
    void aMessageIsItsTypeDigitAndTheSocketIoPacket() {
        assertThat(EngineCodec.message("2[\"x\"]")).isEqualTo("42[\"x\"]");
    }
}
