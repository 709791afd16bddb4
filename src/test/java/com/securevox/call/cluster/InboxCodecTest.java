package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.call.NodeBus.Envelope;
import com.securevox.call.call.NodeBus.Sender;
import com.securevox.call.call.NodeMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InboxCodecTest {
    private static final Sender FROM = new Sender("node-a", "run-1");

    static Stream<NodeMessage> everyKind() {
        return NodeMessages.everyKind().stream();
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void everyKindOfMessageComesBackAsItWasWritten(NodeMessage message) throws RedisValueException {
        Envelope envelope = new Envelope(FROM, 42, message);

        Map<String, String> fields = InboxCodec.encode(envelope);

        assertThat(fields.keySet()).containsExactlyElementsOf(InboxCodec.FIELDS);
        assertThat(InboxCodec.decode(fields)).isEqualTo(envelope);
    }

    @Test
    void theFieldsAreTheDocumentedOnes() {
        Map<String, String> fields = InboxCodec.encode(
                new Envelope(FROM, 7, new NodeMessage.Disconnected("call-1", 2, NodeMessages.CONNECTION)));

        assertThat(fields)
                .containsExactly(
                        Map.entry("v", "1"),
                        Map.entry("from", "node-a"),
                        Map.entry("run", "run-1"),
                        Map.entry("seq", "7"),
                        Map.entry("type", "disconnected"),
                        Map.entry("body", "{\"callId\":\"call-1\",\"epoch\":2,\"connection\":\"sock-1\"}"));
    }

    /** A valid disconnected entry with {@code field} set to {@code value} (null removes it). */
    private static Map<String, String> leave(String field, String value) {
        Map<String, String> fields = new LinkedHashMap<>(InboxCodec.encode(
                new Envelope(FROM, 7, new NodeMessage.Disconnected("call-1", 2, NodeMessages.CONNECTION))));
        if (value == null) {
            fields.remove(field);
        } else {
            fields.put(field, value);
        }
        return fields;
    }

    private static final String OPEN = "{\"callId\":\"call-1\",\"epoch\":1,\"connection\":\"s\",\"userId\":\"alice\","
            + "\"role\":\"host\",\"tokenIssuedAt\":\"1970-01-01T00:00:00Z\",\"tokenExpiresAt\":\"1970-01-01T00:00:00Z\","
            + "\"remoteAddress\":\"127.0.0.1\",\"transport\":\"websocket\",\"userAgent\":\"\"}";

    private static Map<String, String> open(String body) {
        Map<String, String> fields = leave("type", "open");
        fields.put("body", body);
        return fields;
    }

    static Stream<Arguments> badEntries() {
        return Stream.of(
                Arguments.of("no from", leave("from", null), "entry.from: missing (expected: the fields"),
                Arguments.of("no body", leave("body", null), "entry.body: missing"),
                Arguments.of("extra field", leave("extra", "x"), "entry: unexpected fields ['extra']"),
                Arguments.of("other version", leave("v", "2"), "entry.v: '2' (expected: 1)"),
                Arguments.of("bad node", leave("from", "node a"), "entry.node: invalid"),
                Arguments.of("bad run", leave("run", "run/1"), "entry.run: invalid"),
                Arguments.of("seq 0", leave("seq", "0"), "entry.seq: '0' (expected: a whole number from 1"),
                Arguments.of("seq sign", leave("seq", "+1"), "entry.seq: '+1'"),
                Arguments.of("seq leading zero", leave("seq", "01"), "entry.seq: '01'"),
                Arguments.of("seq too big", leave("seq", "9223372036854775808"), "entry.seq: '9223372036854775808'"),
                Arguments.of("seq empty", leave("seq", ""), "entry.seq: ''"),
                Arguments.of("unknown type", leave("type", "gossip"), "entry.type: 'gossip' (expected: one of [open,"),
                Arguments.of("body not JSON", leave("body", "{"), "entry.body: not JSON"),
                Arguments.of("body an array", leave("body", "[]"), "entry.body: array (expected: a JSON object)"),
                Arguments.of("body empty", leave("body", ""), "entry.body: empty (expected: a JSON object)"),
                Arguments.of(
                        "trailing JSON",
                        leave("body", "{\"callId\":\"c\",\"epoch\":1,\"connection\":\"s\"} {}"),
                        "entry.body: not JSON"),
                Arguments.of(
                        "duplicate key",
                        leave("body", "{\"callId\":\"c\",\"callId\":\"d\",\"epoch\":1,\"connection\":\"s\"}"),
                        "entry.body: not JSON ('Duplicate field 'callId'"),
                Arguments.of(
                        "missing connection",
                        leave("body", "{\"callId\":\"c\",\"epoch\":1}"),
                        "disconnected.connection: missing (expected: text)"),
                Arguments.of(
                        "extra body field",
                        leave("body", "{\"callId\":\"c\",\"epoch\":1,\"connection\":\"s\",\"to\":\"x\"}"),
                        "disconnected: unexpected fields ['to'] (expected only: [callId, connection, epoch])"),
                Arguments.of(
                        "epoch 0",
                        leave("body", "{\"callId\":\"c\",\"epoch\":0,\"connection\":\"s\"}"),
                        "disconnected.epoch: the number '0' (expected: a whole number from 1"),
                Arguments.of(
                        "epoch a fraction",
                        leave("body", "{\"callId\":\"c\",\"epoch\":1.5,\"connection\":\"s\"}"),
                        "disconnected.epoch: the number '1.5'"),
                Arguments.of(
                        "epoch as text",
                        leave("body", "{\"callId\":\"c\",\"epoch\":\"1\",\"connection\":\"s\"}"),
                        "disconnected.epoch: the text '1' (expected: a whole number from 1"),
                Arguments.of(
                        "epoch too big",
                        leave("body", "{\"callId\":\"c\",\"epoch\":9223372036854775808,\"connection\":\"s\"}"),
                        "disconnected.epoch: the number '9223372036854775808'"),
                Arguments.of(
                        "bad call id",
                        leave("body", "{\"callId\":\"c c\",\"epoch\":1,\"connection\":\"s\"}"),
                        "disconnected.callId: 'c c' (expected: 1 to 128 characters"),
                Arguments.of(
                        "blank connection",
                        leave("body", "{\"callId\":\"c\",\"epoch\":1,\"connection\":\" \"}"),
                        "disconnected.ConnectionId.value: ' ' (expected: non-blank text)"),
                Arguments.of(
                        "connection null",
                        leave("body", "{\"callId\":\"c\",\"epoch\":1,\"connection\":null}"),
                        "disconnected.connection: null (expected: text)"),
                Arguments.of("open role", open(OPEN.replace("\"host\"", "\"admin\"")), "open.role: 'admin'"),
                Arguments.of(
                        "open without user agent",
                        open(OPEN.replace(",\"userAgent\":\"\"", "")),
                        "open.userAgent: missing (expected: text)"),
                Arguments.of(
                        "open issued at",
                        open(OPEN.replace(
                                "\"tokenIssuedAt\":\"1970-01-01T00:00:00Z\"", "\"tokenIssuedAt\":\"yesterday\"")),
                        "open.tokenIssuedAt: 'yesterday' (expected: an ISO-8601 instant"),
                Arguments.of(
                        "open user id",
                        open(OPEN.replace("\"alice\"", "\"al ice\"")),
                        "open.userId: 'al ice' (expected: 1 to 128 characters"),
                Arguments.of(
                        "forward request id negative",
                        kind("forward", "\"event\":\"offer\",\"data\":\"{}\",\"requestId\":-1"),
                        "forward.requestId: the number '-1' (expected: a whole number from 0"),
                Arguments.of(
                        "reply request id 0",
                        kind("reply", "\"requestId\":0,\"data\":\"{}\""),
                        "reply.requestId: the number '0' (expected: a whole number from 1"),
                Arguments.of(
                        "reply data an object",
                        kind("reply", "\"requestId\":1,\"data\":{}"),
                        "reply.data: object (expected: text)"),
                Arguments.of(
                        "kick reason",
                        kind("kick", "\"reason\":\"bored\""),
                        "kick.reason: 'bored' (expected: one of [moved, disconnect])"),
                Arguments.of(
                        "kick reason upper case",
                        kind("kick", "\"reason\":\"MOVED\""),
                        "kick.reason: 'MOVED' (expected: one of [moved, disconnect])"),
                Arguments.of(
                        "deliver event",
                        kind("deliver", "\"event\":\"Offer\",\"data\":\"{}\""),
                        "deliver.event: invalid (expected: 1 to 64 of [a-z0-9_])"),
                Arguments.of(
                        "deliver data a number",
                        kind("deliver", "\"event\":\"offer\",\"data\":1"),
                        "deliver.data: the number '1' (expected: text)"),
                Arguments.of("bounced without data", kind("bounced", "\"event\":\"offer\""), "bounced.data: missing"),
                Arguments.of(
                        "bounced with a field of a reply",
                        kind("bounced", "\"event\":\"offer\",\"data\":\"{}\",\"requestId\":1"),
                        "bounced: unexpected"));
    }

    /** A message of {@code type} for the connection {@code s}, with {@code rest} as its other fields. */
    private static Map<String, String> kind(String type, String rest) {
        Map<String, String> fields = leave("type", type);
        fields.put("body", "{\"callId\":\"c\",\"epoch\":1,\"connection\":\"s\"," + rest + "}");
        return fields;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEntries")
    void refusesWhatIsNotExactlyAMessageNamingTheField(String what, Map<String, String> fields, String error) {
        assertThatThrownBy(() -> InboxCodec.decode(fields))
                .isInstanceOf(RedisValueException.class)
                .hasMessageStartingWith(error);
    }

    @Test
    void aMissingEntryIsRefusedToo() {
        assertThatThrownBy(() -> InboxCodec.decode(null))
                .isInstanceOf(RedisValueException.class)
                .hasMessageStartingWith("entry: missing");
    }

    @Test
    void whatItShowsOfABadValueIsShortAndPrintable() {
        String value = "x\n\u0000".repeat(100);

        assertThatThrownBy(() -> InboxCodec.decode(leave("type", value)))
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("\u0000")
                .hasMessageContaining("x??x??")
                .hasMessageContaining("…'");
    }
}
