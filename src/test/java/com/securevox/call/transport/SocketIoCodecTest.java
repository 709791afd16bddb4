package com.securevox.call.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SocketIoCodecTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "0                                  | CONNECT      | /      | -1  | ",
                "0{\"token\":\"t\"}                 | CONNECT      | /      | -1  | {\"token\":\"t\"}",
                "0/admin,                           | CONNECT      | /admin | -1  | ",
                "0/admin,{}                         | CONNECT      | /admin | -1  | {}",
                "1                                  | DISCONNECT   | /      | -1  | ",
                "2[\"join_call\",{\"a\":1}]         | EVENT        | /      | -1  | [\"join_call\",{\"a\":1}]",
                "212[\"offer\"]                     | EVENT        | /      | 12  | [\"offer\"]",
                "2/x,7[\"e\",null]                  | EVENT        | /x     | 7   | [\"e\",null]",
                "2[\"disconnecting\"]               | EVENT        | /      | -1  | [\"disconnecting\"]",
                "32147483647[]                      | ACK          | /      | 2147483647 | []",
                "51-[\"e\",{\"_placeholder\":true,\"num\":0}] | BINARY_EVENT | / | -1 | [\"e\",{\"_placeholder\":true,\"num\":0}]",
            })
    void decodesWhatTheProtocolAllows(String text, SocketIoPacketType type, String namespace, long ackId, String data)
            throws ProtocolViolation {
        SocketIoPacket packet = SocketIoCodec.decode(text.strip());
        assertThat(packet.type()).isEqualTo(type);
        assertThat(packet.namespace()).isEqualTo(namespace);
        assertThat(packet.ackId()).isEqualTo(ackId);
        assertThat(packet.data() == null ? null : packet.data().toString()).isEqualTo(data);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "''                                 | empty",
                "abc                                | packet type",
                "9                                  | packet type",
                "2abc                               | not valid JSON",
                "2{}                                | EVENT payload",
                "2[]                                | EVENT payload",
                "2[1]                               | EVENT payload",
                "2                                  | EVENT payload: missing",
                "2[\"x\"                            | not valid JSON",
                "2[\"x\"] x                         | not valid JSON",
                "2[\"x\"][\"y\"]                    | not valid JSON",
                "2[\"x\",{\"a\":1,\"a\":2}]         | not valid JSON",
                "32147483648[]                      | ack id",
                "399999999999[]                     | ack id",
                "3abc[]                             | not valid JSON",
                "3[]                                | no ack id",
                "0\"token\"                         | CONNECT payload",
                "0[]                                | CONNECT payload",
                "1{}                                | DISCONNECT payload",
                "4{\"message\":\"x\"}               | CONNECT_ERROR",
                "5[\"e\"]                           | attachment count",
                "50-[\"e\"]                         | attachment count",
                "517-[\"e\"]                        | attachment count",
            })
    void refusesEverythingElseNamingTheProblem(String text, String problem) {
        assertThatThrownBy(() -> SocketIoCodec.decode(text.strip()))
                .isInstanceOf(ProtocolViolation.class)
                .hasMessageContaining(problem);
    }
}
