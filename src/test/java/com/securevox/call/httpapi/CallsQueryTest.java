package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.store.CallQuery;
import com.securevox.call.store.Cursor;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The query of GET /api/calls: what it accepts, and a 400 naming the parameter for everything else. */
class CallsQueryTest {

    private static CallQuery parse(String query) {
        return CallsQuery.parse(new QueryStringDecoder("/api/calls?" + query).parameters());
    }

    @Test
    void everythingIsOptional() {
        assertThat(parse("")).isEqualTo(CallQuery.all(50));
    }

    @Test
    void readsEveryParameter() {
        Cursor cursor = new Cursor(Instant.ofEpochMilli(1_700_000_000_000L), "0b6f1c7e-4d0a-4c8e-9a61-3d2b1f0e9c55");
        CallQuery query = parse(
                "userId=alice&from=2026-01-01T00:00:00Z&to=1767312000000&media=sfu&limit=7&cursor=" + cursor.token());

        assertThat(query)
                .isEqualTo(new CallQuery(
                        Optional.of("alice"),
                        Optional.of(Instant.parse("2026-01-01T00:00:00Z")),
                        Optional.of(Instant.ofEpochMilli(1_767_312_000_000L)),
                        Optional.of("sfu"),
                        7,
                        Optional.of(cursor)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            limit=0                     | limit: '0' (expected: an integer from 1 to 200)
            limit=201                   | limit: '201' (expected: an integer from 1 to 200)
            limit=ten                   | limit: 'ten' (expected: an integer from 1 to 200)
            from=yesterday              | from: 'yesterday' (expected: epoch milliseconds or an ISO-8601 instant such as 2026-01-01T00:00:00Z)
            to=2026-13-01T00:00:00Z     | to: '2026-13-01T00:00:00Z' (expected: epoch milliseconds or an ISO-8601 instant such as 2026-01-01T00:00:00Z)
            from=2000&to=1000           | to: 1970-01-01T00:00:01Z (expected: after from, 1970-01-01T00:00:02Z)
            userId=a%20b                | userId: 'a b' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])
            cursor=abc                  | cursor: 'abc' (expected: the nextCursor of a previous page, unchanged)
            cursor=djE6MTox             | cursor: 'djE6MTox' (expected: the nextCursor of a previous page, unchanged)
            limit=1&limit=2             | limit: given 2 times (expected: once)
            media=p2p                   | media: 'p2p' (expected: mesh or sfu)
            media=SFU                   | media: 'SFU' (expected: mesh or sfu)
            media=                      | media: '' (expected: mesh or sfu)
            media=sfu&media=mesh        | media: given 2 times (expected: once)
            user=alice                  | 'user': unknown parameter (expected: userId, from, to, media, limit or cursor)
            """)
    void refusesNamingTheParameter(String query, String message) {
        assertThatThrownBy(() -> parse(query)).isInstanceOfSatisfying(HttpApiException.class, e -> {
            assertThat(e.error()).isEqualTo(HttpError.INVALID_QUERY);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
