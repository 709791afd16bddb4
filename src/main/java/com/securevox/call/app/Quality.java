package com.securevox.call.app;

import com.securevox.call.config.QualitySettings;
import com.securevox.call.httpapi.CallQualitySource;
import com.securevox.call.metrics.QualityMeters;
import com.securevox.call.quality.CallQuality;
import com.securevox.call.quality.CallTimeline;
import com.securevox.call.quality.QualityAlerts;
import com.securevox.call.quality.QualityService;
import com.securevox.call.quality.QualityStore;
import com.securevox.call.quality.TimelineStore;
import com.securevox.call.store.CallHistory;
import com.securevox.call.store.CallRecord;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Call quality wired: reports from signaling into the timelines of the history database, the histograms and the
 * webhooks' {@code call.quality_alert}; the registry's facts into the calls' event timelines; and the REST read side,
 * which takes a call's points and events from its start to its end,
 * so that a session id used again shows only its latest call.
 */
final class Quality implements AutoCloseable {
    private final QualityService service;
    private final CallTimeline timeline;
    private final QualityStore store;
    private final TimelineStore events;
    private final CallHistory history;

    Quality(
            QualitySettings settings,
            QualityStore store,
            TimelineStore events,
            CallHistory history,
            Optional<? extends QualityAlerts> alerts,
            MeterRegistry meters,
            Clock clock,
            int queueCapacity) {
        this.store = store;
        this.events = events;
        this.history = history;
        this.timeline = new CallTimeline(events, clock, settings.retention(), queueCapacity);
        this.service = new QualityService(
                store,
                alerts.<QualityAlerts>map(a -> a).orElse(QualityAlerts.NONE),
                new QualityMeters(meters),
                clock,
                settings.alertMos(),
                settings.alertAfter(),
                settings.retention(),
                queueCapacity);
    }

    QualityService service() {
        return service;
    }

    /** Where the registry's facts become the calls' event timelines. */
    CallTimeline timeline() {
        return timeline;
    }

    CallQualitySource source() {
        return sessionId -> history.call(sessionId).map(call -> quality(call));
    }

    private CallQuality quality(CallRecord call) {
        // Up to the end included; a call in progress has no end yet.
        Instant to = call.endedAt().map(end -> end.plusMillis(1)).orElse(Instant.ofEpochMilli(Long.MAX_VALUE));
        return CallQuality.of(
                call.sessionId(),
                store.timeline(call.sessionId(), call.startedAt(), to),
                events.events(call.sessionId(), call.startedAt(), to));
    }

    void start() {
        service.start();
        timeline.start();
    }

    @Override
    public void close() {
        service.close();
        timeline.close();
    }
}
