package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.cluster.InboxReader.Entry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.StreamEntryID;

/** The XREAD reply as Redis sends it (bulk strings as bytes), read without Jedis's stream types. */
class InboxReaderTest {

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Object> reply(Object... entries) {
        return List.of(List.of(b("{inbox:n}"), Arrays.asList(entries)));
    }

    @Test
    void readsTheStreamAsAMapEntryToo() throws RedisValueException {
        // RESP3 answers a map from key to entries.
        Object reply = List.of(Map.entry(b("{inbox:n}"), List.of(List.of(b("5-0"), List.of(b("a"), b("1"))))));

        assertThat(InboxReader.entries(reply))
                .containsExactly(new Entry(new StreamEntryID(5, 0), Map.of("a", "1"), null));
    }

    @Test
    void nilIsNoEntries() throws RedisValueException {
        assertThat(InboxReader.entries(null)).isEmpty();
    }

    @Test
    void readsEachEntrysIdAndFieldsInOrder() throws RedisValueException {
        List<Entry> entries = InboxReader.entries(
                reply(List.of(b("5-0"), List.of(b("a"), b("1"), b("b"), b("2"))), List.of(b("5-1"), List.of())));

        assertThat(entries)
                .containsExactly(
                        new Entry(new StreamEntryID(5, 0), Map.of("a", "1", "b", "2"), null),
                        new Entry(new StreamEntryID(5, 1), Map.of(), null));
        assertThat(entries.getFirst().fields().keySet()).containsExactly("a", "b");
    }

    static Stream<Arguments> badEntries() {
        return Stream.of(
                Arguments.of(List.of(b("a"), b("1"), b("a"), b("2")), "entry: the field 'a' twice (expected: once)"),
                Arguments.of(List.of(b("a")), "entry: a list of 1 (expected: fields and values)"),
                Arguments.of(
                        List.of(b("a"), new byte[] {(byte) 0xff}),
                        "value: 1 bytes that are not UTF-8 (expected: text)"));
    }

    @ParameterizedTest
    @MethodSource("badEntries")
    void anEntryThatIsNotTextKeepsItsIdSoThatItCanBeSkipped(List<Object> fields, String problem)
            throws RedisValueException {
        assertThat(InboxReader.entries(reply(List.of(b("7-3"), fields))))
                .containsExactly(new Entry(new StreamEntryID(7, 3), null, problem));
    }

    static Stream<Arguments> badReplies() {
        return Stream.of(
                Arguments.of(b("OK"), "xread reply: a byte[] (expected: nil or one stream)"),
                Arguments.of(List.of(), "xread reply: a list of 0 (expected: nil or one stream)"),
                Arguments.of(List.of(List.of(b("k"))), "xread reply stream: a list of 1 (expected: [key, entries])"),
                Arguments.of(reply(List.of(b("1-0"))), "xread reply entry: a list of 1 (expected: [id, fields])"),
                Arguments.of(reply(List.of(b("x"), List.of())), "xread reply entry id: a byte[] (expected: ms-seq)"));
    }

    @ParameterizedTest
    @MethodSource("badReplies")
    void refusesAReplyOfAnotherShape(Object reply, String error) {
        assertThatThrownBy(() -> InboxReader.entries(reply))
                .isInstanceOf(RedisValueException.class)
                .hasMessage(error);
    }
}
