package com.securevox.call.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.call.NodeBus.Envelope;
import com.securevox.call.call.NodeBus.Sender;
import com.securevox.call.call.NodeMessage.Disconnected;
import com.securevox.call.call.NodeMessage.Forward;
import com.securevox.call.call.NodeMessage.Open;
import com.securevox.call.call.NodeMessage.Payload;
import com.securevox.call.call.NodeMessage.Reply;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeMessageTest {
    private static final ConnectionId SOCKET = new ConnectionId("s1");
    private static final Payload OFFER = new Payload("offer", "{}");
    private static final ClientInfo CLIENT = new ClientInfo("websocket", "");

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(
                        (Runnable) () -> new Disconnected("bad id", 1, SOCKET),
                        "callId: 'bad id' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])"),
                Arguments.of((Runnable) () -> new Disconnected("c", 0, SOCKET), "epoch: 0 (expected: >= 1)"),
                Arguments.of(
                        (Runnable) () -> new Disconnected("c", 1, null), "connection: null (expected: a ConnectionId)"),
                Arguments.of(
                        (Runnable) () ->
                                new Open("c", 1, SOCKET, "b b", Role.HOST, Instant.EPOCH, Instant.EPOCH, "", CLIENT),
                        "userId: 'b b' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])"),
                Arguments.of(
                        (Runnable) () -> new Open(
                                "c", 1, SOCKET, "b", Role.HOST, Instant.EPOCH, Instant.EPOCH, "a".repeat(257), CLIENT),
                        "remoteAddress: 257 characters (expected: at most 256)"),
                Arguments.of((Runnable) () -> new Forward("c", 1, SOCKET, OFFER, -1), "requestId: -1 (expected: >= 0)"),
                Arguments.of((Runnable) () -> new Reply("c", 1, SOCKET, 0, "{}"), "requestId: 0 (expected: >= 1)"),
                Arguments.of(
                        (Runnable) () -> new Reply("c", 1, SOCKET, 1, "x".repeat(NodeMessage.MAX_DATA_LENGTH + 1)),
                        "data: 262145 characters (expected: at most 262144)"),
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
                        (Runnable) () -> new Envelope(new Sender("n", "r"), 0, new Disconnected("c", 1, SOCKET)),
                        "seq: 0 (expected: >= 1)"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void refusesWhatNoNodeWouldSendNamingTheValue(Runnable construct, String error) {
        assertThatThrownBy(construct::run).hasMessage(error);
    }

    @Test
    void aPayloadMayHoldTheLargestData() {
        assertThat(new Payload("call_joined", "x".repeat(NodeMessage.MAX_DATA_LENGTH)).data())
                .hasSize(NodeMessage.MAX_DATA_LENGTH);
    }
}
