package com.securevox.call.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.quality.ParticipantPoint;
import com.securevox.call.quality.QualityPoint;
import com.securevox.call.quality.QualityStore;
import com.securevox.call.quality.TimelineEvent;
import com.securevox.call.quality.TimelineKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The quality timelines on both databases: SQLite in a temporary directory, and the real PostgreSQL of this machine in
 * a schema of its own per test.
 */
class QualityStoreTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private HistoryStore store;
    private QualityStore quality;
    private String schema;

    static List<String> databases() {
        return List.of("sqlite", "postgres");
    }

    private void open(String database) {
        if (database.equals("sqlite")) {
            store = HistoryStores.sqlite(dir.resolve("history.db"));
        } else {
            schema = PostgresHistoryStoreTest.newSchema("quality_");
            store = PostgresHistoryStoreTest.openIn(schema);
        }
        quality = store.quality();
    }

    @AfterEach
    void dispose() {
        if (store != null) {
            store.close();
        }
        if (schema != null) {
            PostgresHistoryStoreTest.admin("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    static QualityPoint full(Instant at) {
        return new QualityPoint(
                at,
                812.5,
                1500.25,
                42L,
                0.015,
                12.5,
                85.0,
                29.97,
                1280,
                720,
                3L,
                1L,
                "bandwidth",
                "relay",
                "tcp",
                "opus",
                4.12);
    }

    static QualityPoint sparse(Instant at) {
        return new QualityPoint(
                at, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void pointsReadBackAsWrittenInTimeOrderWithinTheirCall(String database) {
        open(database);
        ParticipantPoint a = new ParticipantPoint("call_1", "alice", full(T0.plusSeconds(5)));
        ParticipantPoint b = new ParticipantPoint("call_1", "bob", sparse(T0));
        ParticipantPoint other = new ParticipantPoint("call_2", "alice", full(T0));
        quality.append(List.of(a, b, other));

        assertThat(quality.timeline("call_1", T0, T0.plusSeconds(60))).containsExactly(b, a);
        assertThat(quality.timeline("call_1", T0.plusSeconds(1), T0.plusSeconds(5)))
                .as("from inclusive, to exclusive")
                .isEmpty();
        assertThat(quality.timeline("call_3", T0, T0.plusSeconds(60))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aPointWrittenTwiceIsKeptOnce(String database) {
        open(database);
        ParticipantPoint a = new ParticipantPoint("call_1", "alice", full(T0));
        quality.append(List.of(a));
        quality.append(List.of(a, new ParticipantPoint("call_1", "alice", full(T0.plusSeconds(5)))));

        assertThat(quality.timeline("call_1", T0, T0.plusSeconds(60))).hasSize(2);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void purgeDeletesOnlyOlderPoints(String database) {
        open(database);
        quality.append(List.of(
                new ParticipantPoint("call_1", "alice", full(T0)),
                new ParticipantPoint("call_1", "alice", full(T0.plusSeconds(10)))));

        assertThat(quality.purge(T0.plusSeconds(10))).isEqualTo(1);
        assertThat(quality.timeline("call_1", T0, T0.plusSeconds(60)))
                .extracting(p -> p.point().at())
                .containsExactly(T0.plusSeconds(10));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void eventsReadBackInTheirOrderWithinTheirCallAndArePurgedByAge(String database) {
        open(database);
        var events = store.timeline();
        var joined = new TimelineEvent("call_1", "alice", T0, 7, TimelineKind.JOINED, null);
        var muted = new TimelineEvent("call_1", "alice", T0, 8, TimelineKind.AUDIO_MUTED, null);
        var left = new TimelineEvent("call_1", "alice", T0.plusSeconds(9), 9, TimelineKind.LEFT, "disconnected");
        var other = new TimelineEvent("call_2", "bob", T0, 1, TimelineKind.JOINED, null);
        events.append(List.of(left, muted, other, joined));
        events.append(List.of(joined));

        assertThat(events.events("call_1", T0, T0.plusSeconds(60)))
                .as("by time, then by sequence; written twice, kept once")
                .containsExactly(joined, muted, left);
        assertThat(events.events("call_1", T0, T0.plusSeconds(9))).containsExactly(joined, muted);
        assertThat(events.purge(T0.plusSeconds(1))).isEqualTo(3);
        assertThat(events.events("call_1", T0, T0.plusSeconds(60))).containsExactly(left);
    }
}
