package com.securevox.call.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.securevox.call.call.MediaKind;
import com.securevox.call.quality.QualityReport.CandidateType;
import com.securevox.call.quality.QualityReport.Connection;
import com.securevox.call.quality.QualityReport.Direction;
import com.securevox.call.quality.QualityReport.Limitation;
import com.securevox.call.quality.QualityReport.Track;
import com.securevox.call.quality.QualityReport.Transport;
import com.securevox.call.store.HistoryStore;
import com.securevox.call.store.HistoryStores;
import com.securevox.call.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports into timelines, MOS and alerts, on a real SQLite history database. */
class QualityServiceTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final List<QualityAlert> alerts = new CopyOnWriteArrayList<>();
    private final List<QualityPoint> observed = new CopyOnWriteArrayList<>();
    private HistoryStore store;
    private QualityService service;

    @BeforeEach
    void start() {
        store = HistoryStores.sqlite(dir.resolve("history.db"));
        service = new QualityService(
                store.quality(),
                alerts::add,
                observed::add,
                clock,
                3.0,
                Duration.ofSeconds(30),
                Duration.ofDays(1),
                100);
        service.start();
    }

    @AfterEach
    void stop() {
        service.close();
        store.close();
    }

    /** A report whose received audio has this RTT, jitter and loss; with a camera sent at 720p. */
    static QualityReport report(double rtt, double jitter, double loss) {
        return new QualityReport(List.of(new Connection(
                "bob",
                CandidateType.RELAY,
                Transport.UDP,
                rtt,
                List.of(
                        new Track(
                                MediaKind.AUDIO,
                                Direction.INBOUND,
                                "opus",
                                40.0,
                                12L,
                                loss,
                                jitter,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null),
                        new Track(
                                MediaKind.VIDEO,
                                Direction.OUTBOUND,
                                "VP8",
                                900.0,
                                null,
                                null,
                                null,
                                30.0,
                                1280,
                                720,
                                2L,
                                null,
                                Limitation.BANDWIDTH)))));
    }

    @Test
    void aReportBecomesAPointWithItsMos() {
        service.report("call_1", "alice", report(200, 30, 0.05));

        List<ParticipantPoint> points = awaitPoints("call_1", 1);
        QualityPoint point = points.getFirst().point();
        assertThat(point.at()).isEqualTo(T0);
        assertThat(point.mos()).isCloseTo(3.8517, within(5e-5));
        assertThat(point.rttMs()).isEqualTo(200.0);
        assertThat(point.jitterMs()).isEqualTo(30.0);
        assertThat(point.lossRatio()).isEqualTo(0.05);
        assertThat(point.packetsLost()).isEqualTo(12L);
        assertThat(point.inboundKbps()).isEqualTo(40.0);
        assertThat(point.outboundKbps()).isEqualTo(900.0);
        assertThat(point.width()).isEqualTo(1280);
        assertThat(point.fps()).isEqualTo(30.0);
        assertThat(point.limitation()).isEqualTo("bandwidth");
        assertThat(point.candidateType()).isEqualTo("relay");
        assertThat(point.protocol()).isEqualTo("udp");
        assertThat(point.codec()).isEqualTo("opus");
        assertThat(observed).hasSize(1);

        CallQuality quality = CallQuality.of("call_1", points);
        assertThat(quality.grade()).isEqualTo(Grade.FAIR);
        assertThat(quality.participants()).singleElement().satisfies(p -> {
            assertThat(p.userId()).isEqualTo("alice");
            assertThat(p.grade()).isEqualTo(Grade.FAIR);
        });
    }

    @Test
    void aServerViewBecomesAServerPointBesideTheClientsAtMostOncePerInterval() {
        service.report("call_1", "alice", report(20, 5, 0));
        service.serverView("call_1", "alice", new ServerView(T0, 850.0, 4L, 0.01, 9.0, 35.0, 4.2));
        service.serverView("call_1", "alice", new ServerView(T0.plusSeconds(2), 10.0, 90L, 0.5, 99.0, 900.0, 1.1));
        service.serverView("call_1", "alice", new ServerView(T0.plusSeconds(5), 800.0, 0L, 0.0, 8.0, 30.0, 4.3));

        List<ParticipantPoint> points = awaitPoints("call_1", 3);
        assertThat(points)
                .extracting(p -> p.point().source())
                .containsExactly(PointSource.CLIENT, PointSource.SERVER, PointSource.SERVER);
        assertThat(points.get(1).point().outboundKbps()).isEqualTo(850.0);
        assertThat(points.get(2).point().at()).isEqualTo(T0.plusSeconds(5));
        assertThat(observed).as("the histograms are the clients'").hasSize(1);
        assertThat(CallQuality.of("call_1", points).participants().getFirst().minMos())
                .as("the grade is the client's")
                .isEqualTo(points.getFirst().point().mos());
    }

    @Test
    void theRecentMosIsTheLatestReportsForLiveViews() {
        assertThat(service.recentMos("call_1", "alice")).isEmpty();
        service.report("call_1", "alice", report(200, 30, 0.05));
        assertThat(service.recentMos("call_1", "alice").orElseThrow()).isCloseTo(3.8517, within(5e-5));
        clock.advance(Duration.ofSeconds(1));
        service.report("call_1", "alice", report(100, 10, 0));
        assertThat(service.recentMos("call_1", "alice").orElseThrow()).isCloseTo(4.3673, within(5e-5));
        assertThat(service.recentMos("call_1", "bob")).isEmpty();
        assertThat(service.recentMos("call_2", "alice")).isEmpty();
    }

    @Test
    void atMostOnePointPerIntervalIsKeptButEveryReportIsMeasured() {
        service.report("call_1", "alice", report(0, 0, 0));
        clock.advance(Duration.ofSeconds(2));
        service.report("call_1", "alice", report(0, 0, 0));
        clock.advance(Duration.ofSeconds(3));
        service.report("call_1", "alice", report(0, 0, 0));
        service.report("call_1", "bob", report(0, 0, 0));

        List<ParticipantPoint> points = awaitPoints("call_1", 3);
        assertThat(points)
                .extracting(p ->
                        p.userId() + "@" + Duration.between(T0, p.point().at()).toSeconds())
                .containsExactly("alice@0", "alice@5", "bob@5");
        assertThat(observed).hasSize(4);
    }

    @Test
    void reportsEveryIntervalAreAllKeptThoughSomeArriveALittleEarly() {
        // A client's 5 s timer as the server sees it: 4.9 s, then 4.95 s apart; one 3.9 s after the previous is early.
        long[] gapsMs = {0, 4_900, 4_950, 5_100, 3_900, 1_100};
        for (long gap : gapsMs) {
            clock.advance(Duration.ofMillis(gap));
            service.report("call_1", "alice", report(0, 0, 0));
        }

        List<ParticipantPoint> points = awaitPoints("call_1", 5);
        assertThat(points)
                .extracting(p -> Duration.between(T0, p.point().at()).toMillis())
                .containsExactly(0L, 4_900L, 9_850L, 14_950L, 19_950L);
        assertThat(observed).hasSize(6);
    }

    @Test
    void aPointCarriesTheWorstOfTheReportsItsIntervalThinnedOut() {
        service.report("call_1", "alice", report(0, 0, 0));
        clock.advance(Duration.ofSeconds(2));
        service.report("call_1", "alice", report(200, 30, 0.05)); // a dip between two points: MOS 3.8517
        clock.advance(Duration.ofSeconds(3));
        service.report("call_1", "alice", report(100, 10, 0)); // MOS 4.3673

        QualityPoint second = awaitPoints("call_1", 2).get(1).point();
        assertThat(second.at()).isEqualTo(T0.plusSeconds(5));
        assertThat(second.mos()).isCloseTo(3.8517, within(5e-5));
        assertThat(second.rttMs()).isEqualTo(200.0);
        assertThat(second.jitterMs()).isEqualTo(30.0);
        assertThat(second.lossRatio()).isEqualTo(0.05);
        assertThat(second.packetsLost()).as("counters are the latest report's").isEqualTo(12L);
    }

    @Test
    void theCallIsGradedByItsWorstParticipant() {
        service.report("call_1", "alice", report(0, 0, 0)); // 4.4044
        service.report("call_1", "bob", report(100, 10, 0.1)); // 3.4141
        clock.advance(Duration.ofSeconds(5));
        service.report("call_1", "bob", report(100, 10, 0)); // 4.3673

        CallQuality quality = CallQuality.of("call_1", awaitPoints("call_1", 3));
        CallQuality.Participant bob = quality.participants().get(1);
        assertThat(bob.mos()).isCloseTo((3.4141 + 4.3673) / 2, within(1e-4));
        assertThat(bob.minMos()).isCloseTo(3.4141, within(1e-4));
        assertThat(bob.grade()).isEqualTo(Grade.FAIR);
        assertThat(quality.participants().get(0).grade()).isEqualTo(Grade.EXCELLENT);
        assertThat(quality.mos()).isEqualTo(bob.mos());
        assertThat(quality.grade()).isEqualTo(Grade.FAIR);
    }

    @Test
    void anAlertIsRaisedOnceAfterTheMosStaysLowForTheConfiguredTime() {
        QualityReport bad = report(600, 50, 0.4); // MOS 1
        service.report("call_1", "alice", bad);
        clock.advance(Duration.ofSeconds(29));
        service.report("call_1", "alice", bad);
        assertThat(alerts).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        service.report("call_1", "alice", bad);
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.sessionId()).isEqualTo("call_1");
            assertThat(alert.userId()).isEqualTo("alice");
            assertThat(alert.belowSince()).isEqualTo(T0);
            assertThat(alert.at()).isEqualTo(T0.plusSeconds(30));
            assertThat(alert.threshold()).isEqualTo(3.0);
            assertThat(alert.mos()).isEqualTo(1.0);
        });

        clock.advance(Duration.ofSeconds(30));
        service.report("call_1", "alice", bad);
        assertThat(alerts).as("once while it stays low").hasSize(1);

        // It recovers, then falls again: a new spell, a new alert after its own 30 s.
        service.report("call_1", "alice", report(0, 0, 0));
        clock.advance(Duration.ofSeconds(5));
        service.report("call_1", "alice", bad);
        clock.advance(Duration.ofSeconds(29));
        service.report("call_1", "alice", bad);
        assertThat(alerts).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        service.report("call_1", "alice", bad);
        assertThat(alerts).hasSize(2);
    }

    @Test
    void aReportWithoutReceivedAudioHasNoMosAndNeitherRaisesNorClearsAnAlert() {
        QualityReport videoOnly = new QualityReport(List.of(new Connection(
                null,
                null,
                null,
                null,
                List.of(new Track(
                        MediaKind.VIDEO,
                        Direction.INBOUND,
                        null,
                        500.0,
                        3L,
                        0.5,
                        40.0,
                        15.0,
                        640,
                        360,
                        9L,
                        2L,
                        null)))));
        service.report("call_1", "alice", report(600, 50, 0.4));
        clock.advance(Duration.ofSeconds(20));
        service.report("call_1", "alice", videoOnly);
        clock.advance(Duration.ofSeconds(10));
        service.report("call_1", "alice", report(600, 50, 0.4));

        assertThat(alerts).hasSize(1);
        List<ParticipantPoint> points = awaitPoints("call_1", 3);
        assertThat(points.get(1).point().mos()).isNull();
        assertThat(points.get(1).point().width()).as("no camera sent").isNull();
        assertThat(points.get(1).point().framesDropped()).isEqualTo(9L);
    }

    /** SECUREVOX_CALL_QUALITY_RETENTION (a day here): the writer deletes what is older, at most every 10 minutes. */
    @Test
    void pointsPastTheRetentionAreDeletedAndNewerOnesKept() {
        service.report("call_old", "alice", report(20, 5, 0));
        awaitPoints("call_old", 1);

        clock.advance(Duration.ofDays(1).plus(QualityWriter.PURGE_EVERY).plusMinutes(1));
        service.report("call_new", "alice", report(20, 5, 0));

        Instant later = clock.instant();
        Instant end = later.plusSeconds(1); // the read's end is exclusive
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!store.quality().timeline("call_old", T0, end).isEmpty()
                || store.quality().timeline("call_new", T0, end).isEmpty()) {
            assertThat(System.nanoTime() - deadline)
                    .as("the old point deleted and the new one written within 20 s")
                    .isNegative();
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        assertThat(store.quality().timeline("call_new", T0, end))
                .singleElement()
                .satisfies(p -> assertThat(p.point().at()).isEqualTo(later));
    }

    @Test
    void pointsTheDatabaseRefusesAreDroppedAndCountedWhileReportsAreStillTaken() {
        store.close(); // the database is gone: the writer's thread finds out, the caller never waits for it
        service.report("call_1", "alice", report(600, 50, 0.4));
        clock.advance(Duration.ofSeconds(30));
        service.report("call_1", "alice", report(600, 50, 0.4));

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (service.dropped() < 2) {
            assertThat(System.nanoTime() - deadline)
                    .as("2 points dropped within 20 s")
                    .isNegative();
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        assertThat(observed).hasSize(2);
        assertThat(alerts).as("alerts do not need the database").hasSize(1);
    }

    private List<ParticipantPoint> awaitPoints(String sessionId, int count) {
        BooleanSupplier written = () -> store.quality()
                        .timeline(sessionId, T0, T0.plus(Duration.ofDays(1)))
                        .size()
                >= count;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!written.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline)
                    .as("points written within 20 s")
                    .isNegative();
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return store.quality().timeline(sessionId, T0, T0.plus(Duration.ofDays(1)));
    }
}
