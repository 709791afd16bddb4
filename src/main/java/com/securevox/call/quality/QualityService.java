package com.securevox.call.quality;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Takes the participants' reports: counts them in the histograms, keeps a thinned timeline (one point per
 * {@link #INTERVAL}, and one per {@link #LONG_INTERVAL} after {@link #FULL_RATE_POINTS} points, give or take
 * {@link #EARLY}, so an all-day call
 * stays a few thousand rows; a point carries the worst loss, jitter, RTT and MOS of the reports since the previous
 * one, so a short dip is not thinned away), and raises an alert when a participant's MOS stays below the threshold for the configured
 * time (once, until it is at or above the threshold again). Called on sockets' I/O threads: never blocks.
 */
public final class QualityService implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(5);
    /**
     * How early a report may come and still be stored as the next point. A client's reports every 5 s reach the server
     * a few ms more or less than 5 s apart (timers, getStats(), the network); without this slack every other one fell
     * within the interval and was thinned out, leaving 10 s between points.
     */
    static final Duration EARLY = Duration.ofSeconds(1);

    static final Duration LONG_INTERVAL = Duration.ofSeconds(30);
    static final int FULL_RATE_POINTS = 720;
    /** A participant not heard from for this long is forgotten (it left, or its call ended). */
    static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    private final QualityAlerts alerts;
    private final QualityMetrics metrics;
    private final Clock clock;
    private final double alertMos;
    private final Duration alertAfter;
    private final QualityWriter<ParticipantPoint> writer;
    private final Map<Key, State> participants = new ConcurrentHashMap<>();

    private record Key(String sessionId, String userId) {}

    /** A participant's place in its timeline and in the alert rule. */
    private static final class State {
        Instant lastReport;
        /** The MOS of the latest report that had one; null before any. */
        Double lastMos;

        Instant lastStored;
        int stored;
        /** The worst of the reports thinned out since the last stored point; null when none was. */
        QualityPoint thinned;

        Instant belowSince;
        boolean alerted;
    }

    /**
     * @param alertMos the MOS under which a participant is in trouble, 1 to 4.5
     * @param alertAfter how long it must stay there before the alert
     * @param retention how long points are kept
     */
    public QualityService(
            QualityStore store,
            QualityAlerts alerts,
            QualityMetrics metrics,
            Clock clock,
            double alertMos,
            Duration alertAfter,
            Duration retention,
            int queueCapacity) {
        if (!(alertMos >= 1 && alertMos <= 4.5)) {
            throw new IllegalArgumentException("alertMos: " + alertMos + " (expected: 1 to 4.5)");
        }
        if (alertAfter.isNegative() || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("alertAfter: " + alertAfter + ", retention: " + retention
                    + " (expected: alertAfter >= 0, retention > 0)");
        }
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = clock;
        this.alertMos = alertMos;
        this.alertAfter = alertAfter;
        this.writer = new QualityWriter<>(store, "quality points", clock, retention, queueCapacity, this::forgetQuiet);
    }

    public void start() {
        writer.start();
    }

    /** A report of a participant of a call in progress here. */
    public void report(String sessionId, String userId, QualityReport report) {
        Instant now = clock.instant();
        QualityPoint point = QualityPoint.of(now, report);
        metrics.observed(point);
        QualityPoint[] store = {null};
        QualityAlert[] alert = {null};
        participants.compute(new Key(sessionId, userId), (key, state) -> {
            State s = state == null ? new State() : state;
            s.lastReport = now;
            if (point.mos() != null) {
                s.lastMos = point.mos();
            }
            Duration interval = s.stored < FULL_RATE_POINTS ? INTERVAL : LONG_INTERVAL;
            if (s.lastStored == null
                    || !now.isBefore(s.lastStored.plus(interval).minus(EARLY))) {
                s.lastStored = now;
                s.stored++;
                store[0] = s.thinned == null ? point : point.worstWith(s.thinned);
                s.thinned = null;
            } else {
                s.thinned = s.thinned == null ? point : point.worstWith(s.thinned);
            }
            alert[0] = judge(key, s, point);
            return s;
        });
        if (store[0] != null) {
            writer.offer(new ParticipantPoint(sessionId, userId, store[0]));
        }
        if (alert[0] != null) {
            alerts.alert(alert[0]);
        }
    }

    /**
     * The MOS of a participant's latest report that had one, for live views: empty before any, or once the participant
     * has been quiet long enough to be forgotten.
     */
    public Optional<Double> recentMos(String sessionId, String userId) {
        State state = participants.get(new Key(sessionId, userId));
        return state == null ? Optional.empty() : Optional.ofNullable(state.lastMos);
    }

    /** The alert this point raises, if any; a point without a MOS changes nothing. */
    private QualityAlert judge(Key key, State s, QualityPoint point) {
        if (point.mos() == null) {
            return null;
        }
        if (point.mos() >= alertMos) {
            s.belowSince = null;
            s.alerted = false;
            return null;
        }
        if (s.belowSince == null) {
            s.belowSince = point.at();
        }
        if (s.alerted || point.at().isBefore(s.belowSince.plus(alertAfter))) {
            return null;
        }
        s.alerted = true;
        return new QualityAlert(key.sessionId(), key.userId(), point.at(), point.mos(), alertMos, s.belowSince);
    }

    /** Points dropped since start (queue full or database down). */
    public long dropped() {
        return writer.dropped();
    }

    private void forgetQuiet() {
        Instant before = clock.instant().minus(FORGET_AFTER);
        participants.values().removeIf(s -> s.lastReport.isBefore(before));
    }

    @Override
    public void close() {
        writer.close();
    }
}
