package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A node's hash decodes only when it is exactly what a node writes. */
class NodeEntryTest {
    private static final NodeEntry ENTRY = new NodeEntry(
            "node-a",
            "http://10.0.0.5:8002",
            Instant.parse("2026-12-01T10:00:00.123456Z"),
            true,
            7,
            Instant.parse("2026-12-01T10:05:00Z"));

    @Test
    void encodesToMillisAndDecodesBack() throws Exception {
        Map<String, String> hash = ENTRY.encode();

        assertThat(hash)
                .containsExactly(
                        Map.entry("id", "node-a"),
                        Map.entry("url", "http://10.0.0.5:8002"),
                        Map.entry("started", "1796119200123"),
                        Map.entry("draining", "1"),
                        Map.entry("calls", "7"),
                        Map.entry("seen", "1796119500000"));
        assertThat(NodeEntry.decode(hash)).isEqualTo(ENTRY);
        assertThat(ENTRY.startedAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00.123Z"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            extra    | x                     | node entry field: 'extra' (expected: one of id, url, started, draining, calls, seen)
            id       | node:a                | node entry id: 'node:a' (expected: 1 to 64 of [A-Za-z0-9._-])
            url      | http://u:p@h:1        | node entry url: 'http://u:p@h:1' (expected: an http or https URL without credentials, query or fragment, at most 512 characters)
            url      | ftp://h               | node entry url: 'ftp://h' (expected: an http or https URL without credentials, query or fragment, at most 512 characters)
            url      | http://h/?q=1         | node entry url: 'http://h/?q=1' (expected: an http or https URL without credentials, query or fragment, at most 512 characters)
            started  | 01                    | node entry started: '01' (expected: a whole number of 1 to 15 digits without sign or leading zero)
            started  | -1                    | node entry started: '-1' (expected: a whole number of 1 to 15 digits without sign or leading zero)
            seen     | 1000000000000000      | node entry seen: '1000000000000000' (expected: a whole number of 1 to 15 digits without sign or leading zero)
            calls    | 10000001              | node entry calls: 10000001 (expected: 0 to 10000000)
            calls    | ''                    | node entry calls: '' (expected: a whole number of 1 to 8 digits without sign or leading zero)
            draining | true                  | node entry draining: 'true' (expected: 0 or 1)
            """)
    void refusesAnythingElseNamingTheFieldAndTheRule(String field, String value, String message) {
        Map<String, String> hash = new LinkedHashMap<>(ENTRY.encode());
        hash.put(field, value);

        assertThatThrownBy(() -> NodeEntry.decode(hash))
                .isInstanceOf(RedisValueException.class)
                .hasMessage(message);
    }

    @Test
    void refusesAMissingFieldAndAnEmptyHash() {
        Map<String, String> hash = new LinkedHashMap<>(ENTRY.encode());
        hash.remove("seen");

        assertThatThrownBy(() -> NodeEntry.decode(hash))
                .hasMessage("node entry seen: missing (expected: a hash with id, url, started, draining, calls, seen)");
        assertThatThrownBy(() -> NodeEntry.decode(Map.of()))
                .hasMessage("node entry: missing (expected: a hash with id, url, started, draining, calls, seen)");
    }
}
