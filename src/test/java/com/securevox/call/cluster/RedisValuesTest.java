package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.call.CallOwnership.Owner;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Only what we write decodes; everything else is refused with a message that says what was expected. */
class RedisValuesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            node-a:1                          | node-a  | 1
            n.1_x-Y:42                        | n.1_x-Y | 42
            b:9223372036854775807             | b       | 9223372036854775807
            """)
    void ownerValuesWeWrite(String raw, String node, long epoch) throws RedisValueException {
        Owner owner = RedisValues.owner(raw);

        assertThat(owner).isEqualTo(new Owner(node, epoch));
        assertThat(RedisValues.encode(owner)).isEqualTo(raw);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            hello                  | owner value: 'hello' (expected: node:epoch, one colon)
            a:1:2                  | owner value: 'a:1:2' (expected: node:epoch, one colon)
            :1                     | owner value: ':1' (expected: a node id of 1 to 64 [A-Za-z0-9._-] before the colon)
            "no de:1"              | owner value: 'no de:1' (expected: a node id of 1 to 64 [A-Za-z0-9._-] before the colon)
            node-a:                | epoch: '' (expected: a whole number from 1 to 9223372036854775807 without sign or leading zero)
            node-a:0               | epoch: '0' (expected: a whole number from 1 to 9223372036854775807 without sign or leading zero)
            node-a:01              | epoch: '01' (expected: a whole number from 1 to 9223372036854775807 without sign or leading zero)
            node-a:-1              | epoch: '-1' (expected: a whole number from 1 to 9223372036854775807 without sign or leading zero)
            node-a:+1              | epoch: '+1' (expected: a whole number from 1 to 9223372036854775807 without sign or leading zero)
            node-a:1e3             | epoch: '1e3' (expected: a whole number from 1 to 9223372036854775807 without sign or leading zero)
            b:9223372036854775808  | epoch: '9223372036854775808' (expected: at most 9223372036854775807)
            b:99999999999999999999 | epoch: '99999999999999999999' (expected: a whole number from 1 to 9223372036854775807 without sign or leading zero)
            """)
    void anythingElseIsRefused(String raw, String message) {
        assertThatThrownBy(() -> RedisValues.owner(raw))
                .isInstanceOf(RedisValueException.class)
                .hasMessage(message);
    }

    @Test
    void overlongAndUnprintableValuesAreNotRepeated() {
        assertThatThrownBy(() -> RedisValues.owner("x".repeat(85)))
                .hasMessage("owner value: 85 characters (expected: node:epoch, at most 84)");
        assertThatThrownBy(() -> RedisValues.owner("a\u0000\nb"))
                .hasMessage("owner value: 'a??b' (expected: node:epoch, one colon)");
        assertThatThrownBy(() -> RedisValues.owner(null)).hasMessage("owner value: missing (expected: node:epoch)");
    }

    @Test
    void scriptRepliesOfTheThreeShapes() throws RedisValueException {
        assertThat(RedisValues.reply(List.of(1L, "node-a:3")))
                .isEqualTo(new RedisValues.Reply(true, Optional.of(new Owner("node-a", 3))));
        assertThat(RedisValues.reply(List.of(0L, "node-b:4".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(new RedisValues.Reply(false, Optional.of(new Owner("node-b", 4))));
        assertThat(RedisValues.reply(List.of(0L))).isEqualTo(new RedisValues.Reply(false, Optional.empty()));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            nil        | script reply: nil (expected: [flag] or [flag, owner])
            empty      | script reply: a list of 0 (expected: [flag] or [flag, owner])
            three      | script reply: a list of 3 (expected: [flag] or [flag, owner])
            flag2      | script reply flag: the integer 2 (expected: 0 or 1)
            flagText   | script reply flag: the string '1' (expected: 0 or 1)
            doneAlone  | script reply: done without an owner (expected: [1, owner])
            ownerLong  | value: the integer 5 (expected: a string)
            notUtf8    | value: 2 bytes that are not UTF-8 (expected: text)
            """)
    void repliesOfAnotherShapeAreRefused(String shape, String message) {
        Object reply =
                switch (shape) {
                    case "nil" -> null;
                    case "empty" -> List.of();
                    case "three" -> List.of(1L, "a:1", "b:2");
                    case "flag2" -> List.of(2L, "a:1");
                    case "flagText" -> List.of("1", "a:1");
                    case "doneAlone" -> List.of(1L);
                    case "ownerLong" -> List.of(0L, 5L);
                    case "notUtf8" -> List.of(0L, new byte[] {(byte) 0xC3, (byte) 0x28});
                    default -> throw new IllegalArgumentException(shape);
                };
        assertThatThrownBy(() -> RedisValues.reply(reply))
                .isInstanceOf(RedisValueException.class)
                .hasMessage(message);
    }
}
