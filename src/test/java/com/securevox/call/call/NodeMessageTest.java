package com.securevox.call.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.call.NodeBus.Envelope;
import com.securevox.call.call.NodeBus.Sender;
import com.securevox.call.call.NodeMessage.Epoch;
import com.securevox.call.call.NodeMessage.Join;
import com.securevox.call.call.NodeMessage.Leave;
import com.securevox.call.call.NodeMessage.Payload;
import com.securevox.call.call.NodeMessage.Relay;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeMessageTest {
    private static final ConnectionId SOCKET = new ConnectionId("s1");
    private static final Payload OFFER = new Payload("offer", "{}");

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(
                        (Runnable) () -> new Leave("bad id", 1, SOCKET),
                        "callId: 'bad id' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])"),
                Arguments.of((Runnable) () -> new Leave("c", 0, SOCKET), "epoch: 0 (expected: >= 1)"),
                Arguments.of((Runnable) () -> new Leave("c", 1, null), "connection: null (expected: a ConnectionId)"),
                Arguments.of(
                        (Runnable) () -> new Relay("c", 1, SOCKET, Optional.of("b b"), OFFER),
                        "toUserId: 'b b' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])"),
                Arguments.of(
                        (Runnable) () -> new Epoch("c", 2, "node:1"),
                        "owner: invalid (expected: a node id of 1 to 64 [A-Za-z0-9._-])"),
                Arguments.of(
                        (Runnable) () -> new Payload("Offer", "{}"), "event: invalid (expected: 1 to 64 of [a-z0-9_])"),
                Arguments.of((Runnable) () -> new Payload("", "{}"), "event: invalid (expected: 1 to 64 of [a-z0-9_])"),
                Arguments.of(
                        (Runnable) () -> new Payload(null, "{}"), "event: missing (expected: 1 to 64 of [a-z0-9_])"),
                Arguments.of(
                        (Runnable) () -> new Payload("offer", "x".repeat(NodeMessage.MAX_DATA_LENGTH + 1)),
                        "data: 262145 characters (expected: at most 262144)"),
                Arguments.of(
                        (Runnable) () -> new Sender("node a", "r"),
                        "node: invalid (expected: 1 to 64 of [A-Za-z0-9._-])"),
                Arguments.of(
                        (Runnable) () -> new Sender("n", "r".repeat(65)),
                        "run: invalid (expected: 1 to 64 of [A-Za-z0-9_-])"),
                Arguments.of(
                        (Runnable) () -> new Sender("n", null), "run: missing (expected: 1 to 64 of [A-Za-z0-9_-])"),
                Arguments.of(
                        (Runnable) () -> new Envelope(new Sender("n", "r"), 0, new Leave("c", 1, SOCKET)),
                        "seq: 0 (expected: >= 1)"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void refusesWhatNoNodeWouldSendNamingTheValue(Runnable construct, String error) {
        assertThatThrownBy(construct::run).hasMessage(error);
    }

    @Test
    void aJoinsCallIsItsRequestsSession() {
        JoinRequest request = new JoinRequest(
                SOCKET,
                "alice",
                Role.PARTICIPANT,
                "call-7",
                Optional.empty(),
                false,
                false,
                new ClientInfo("websocket", ""));

        assertThat(new Join(3, request).callId()).isEqualTo("call-7");
    }

    @Test
    void aPayloadMayHoldTheLargestData() {
        assertThat(new Payload("call_joined", "x".repeat(NodeMessage.MAX_DATA_LENGTH)).data())
                .hasSize(NodeMessage.MAX_DATA_LENGTH);
    }
}
