package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.call.CallState;
import com.securevox.call.call.Metadata;
import com.securevox.call.call.Participant;
import com.securevox.call.call.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A call's state survives the trip through Redis exactly, and nothing else is taken for one. */
class CallStateCodecTest {
    private static final Instant START = Instant.parse("2026-12-06T20:00:00.123456789Z");

    static CallState state() {
        return new CallState(
                "room-1",
                START,
                true,
                3,
                List.of(
                        new Participant(
                                "alice",
                                Role.HOST,
                                false,
                                true,
                                START,
                                Optional.of(new Metadata("{\"name\":\"Alice \\\"A\\\"\"}"))),
                        new Participant(
                                "bob", Role.PARTICIPANT, true, false, START.plusMillis(1500), Optional.empty())),
                Map.of("mallory", START.plusSeconds(5)));
    }

    @Test
    void aStateDecodesToItselfWithEveryDigitOfItsInstants() throws Exception {
        CallState state = state();
        CallState back = CallStateCodec.decode(CallStateCodec.encode(state));
        assertThat(back).isEqualTo(state);
        assertThat(back.startedAt().getNano()).isEqualTo(123456789);
    }

    private static final String PARTICIPANT =
            "{\"userId\":\"alice\",\"role\":\"host\",\"audioMuted\":false,\"videoMuted\":false,"
                    + "\"joinedAt\":\"2026-12-06T20:00:00Z\",\"metadata\":null}";

    private static String state(String version, String startedAt, String peak, String participants, String removed) {
        return "{\"v\":" + version + ",\"sessionId\":\"room-1\",\"startedAt\":" + startedAt
                + ",\"e2ee\":false,\"peakParticipants\":" + peak + ",\"participants\":" + participants
                + ",\"removed\":" + removed + "}";
    }

    @Test
    void theHandWrittenGoodStateDecodes() throws Exception {
        CallState state =
                CallStateCodec.decode(state("1", "\"2026-12-06T20:00:00Z\"", "1", "[" + PARTICIPANT + "]", "{}"));
        assertThat(state.participants()).extracting(Participant::userId).containsExactly("alice");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            not JSON             | {                                                              | not JSON
            an array             | []                                                             | an array of 0 (expected: a JSON object)
            nothing              | ``                                                             | call state: nothing
            trailing garbage     | `{"v":1} x`                                                    | not JSON
            """)
    void garbageIsRefusedSayingWhy(String name, String raw, String message) {
        assertThatThrownBy(() -> CallStateCodec.decode(raw == null ? "" : raw))
                .isInstanceOf(RedisValueException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            other version        | 2    | `"2026-12-06T20:00:00Z"`      | 1  | @          | {}                                     | v: the number '2' (expected: 1)
            version as text      | `"1"`| `"2026-12-06T20:00:00Z"`      | 1  | @          | {}                                     | v: the string '1' (expected: 1)
            start not canonical  | 1    | `"2026-12-06T20:00:00.000Z"`  | 1  | @          | {}                                     | startedAt: '2026-12-06T20:00:00.000Z' (expected: an ISO-8601 instant
            start as a number    | 1    | 1764964800000                 | 1  | @          | {}                                     | startedAt: the number '1764964800000' (expected: a string)
            start with an offset | 1    | `"2026-12-06T21:00:00+01:00"` | 1  | @          | {}                                     | startedAt: '2026-12-06T21:00:00+01:00'
            peak zero            | 1    | `"2026-12-06T20:00:00Z"`      | 0  | @          | {}                                     | peakParticipants: the number '0' (expected: a whole number >= 1)
            peak below count     | 1    | `"2026-12-06T20:00:00Z"`      | 1  | @,@b       | {}                                     | peakParticipants: 1 (expected: >= 2
            peak fraction        | 1    | `"2026-12-06T20:00:00Z"`      | 1.5| @          | {}                                     | peakParticipants: the number '1.5'
            nobody               | 1    | `"2026-12-06T20:00:00Z"`      | 1  | -          | {}                                     | none (expected: at least one
            participants object  | 1    | `"2026-12-06T20:00:00Z"`      | 1  | obj        | {}                                     | participants: an object (expected: an array)
            same user twice      | 1    | `"2026-12-06T20:00:00Z"`      | 2  | @,@        | {}                                     | 'alice' twice (expected: each user once)
            removed not instant  | 1    | `"2026-12-06T20:00:00Z"`      | 1  | @          | `{"eve":"yesterday"}`                  | removed['eve']: 'yesterday' (expected: an ISO-8601 instant
            removed bad user     | 1    | `"2026-12-06T20:00:00Z"`      | 1  | @          | `{"e ve":"2026-12-06T20:00:00Z"}`      | removed userId
            removed an array     | 1    | `"2026-12-06T20:00:00Z"`      | 1  | @          | []                                     | removed: an array of 0 (expected: an object
            """)
    void badFieldsAreRefusedNamingThem(
            String name, String version, String startedAt, String peak, String who, String removed, String message) {
        String participants =
                switch (who) {
                    case "-" -> "[]";
                    case "obj" -> "{}";
                    case "@" -> "[" + PARTICIPANT + "]";
                    case "@,@" -> "[" + PARTICIPANT + "," + PARTICIPANT + "]";
                    case "@,@b" -> "[" + PARTICIPANT + "," + PARTICIPANT.replace("alice", "bob") + "]";
                    default -> throw new IllegalArgumentException(who);
                };
        assertThatThrownBy(() -> CallStateCodec.decode(state(version, startedAt, peak, participants, removed)))
                .isInstanceOf(RedisValueException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            role unknown       | `"role":"host"`                      | `"role":"admin"`                      | participants[0].role: 'admin' (expected: participant or host)
            role upper case    | `"role":"host"`                      | `"role":"HOST"`                       | participants[0].role: 'HOST'
            muted as number    | `"audioMuted":false`                 | `"audioMuted":0`                      | participants[0].audioMuted: the number '0' (expected: true or false)
            metadata object    | `"metadata":null`                    | `"metadata":{}`                       | participants[0].metadata: an object (expected: null or the metadata object as text)
            joined before start| `"joinedAt":"2026-12-06T20:00:00Z"`  | `"joinedAt":"2026-12-06T19:00:00Z"`   | joinedAt of 'alice'
            bad user id        | `"userId":"alice"`                   | `"userId":"a/b"`                      | participants[0]: userId
            extra field        | `"metadata":null`                    | `"metadata":null,"admin":true`        | participants[0]: field 'admin' (expected: only
            missing field      | `,"metadata":null`                   | ``                                    | participants[0]: no field 'metadata'
            duplicate field    | `"metadata":null`                    | `"metadata":null,"metadata":null`     | not JSON (Duplicate field 'metadata')
            """)
    void badParticipantsAreRefusedNamingTheField(String name, String from, String to, String message) {
        String participant = PARTICIPANT.replace(from, to == null ? "" : to);
        assertThat(participant).isNotEqualTo(PARTICIPANT);
        assertThatThrownBy(() -> CallStateCodec.decode(
                        state("1", "\"2026-12-06T20:00:00Z\"", "1", "[" + participant + "]", "{}")))
                .isInstanceOf(RedisValueException.class)
                .hasMessageContaining(message);
    }

    @Test
    void anUnknownTopLevelFieldIsRefused() {
        String raw = state("1", "\"2026-12-06T20:00:00Z\"", "1", "[" + PARTICIPANT + "]", "{}")
                .replace("{\"v\"", "{\"x\":1,\"v\"");
        assertThatThrownBy(() -> CallStateCodec.decode(raw))
                .isInstanceOf(RedisValueException.class)
                .hasMessageContaining("call state: field 'x' (expected: only");
    }

    @Test
    void anOversizedValueIsRefusedBeforeParsing() {
        assertThatThrownBy(() -> CallStateCodec.decode(" ".repeat(CallStateCodec.MAX_LENGTH + 1)))
                .isInstanceOf(RedisValueException.class)
                .hasMessageContaining("(expected: at most " + CallStateCodec.MAX_LENGTH + ")");
    }
}
