package com.securevox.call.recording;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the recordings' disk while the server runs: every {@code period} it asks {@link RecordingDisk} whether
 * there is room, and when there is none it hands {@code stopAll} why (it stops every recording in progress, each
 * marked partial with that reason), again at each check while the disk stays short, so a recording that started in
 * between is stopped too. The checks run on a thread of their own, never on the media or I/O threads; {@code stopAll}
 * must only enqueue. The log says once when the disk runs short and once when it has room again.
 */
public final class DiskWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiskWatch.class);

    private final RecordingDisk disk;
    private final Duration period;
    private final Clock clock;
    private final Consumer<String> stopAll;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("recording-disk").factory());
    /** Since when the disk has been short; null while it has room. Checks run one at a time, on the timer. */
    private Instant shortSince;

    public DiskWatch(RecordingDisk disk, Duration period, Clock clock, Consumer<String> stopAll) {
        this.disk = Objects.requireNonNull(disk, "disk");
        this.period = Objects.requireNonNull(period, "period");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stopAll = Objects.requireNonNull(stopAll, "stopAll");
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period: " + period + " (expected: a positive duration)");
        }
    }

    /** Starts the checks; nothing to watch when the minimum is 0. */
    public void start() {
        if (!disk.checked()) {
            return;
        }
        timer.scheduleWithFixedDelay(this::checkSafely, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            log.error("recording: the disk check failed", e);
        }
    }

    /** One check: what it told {@code stopAll}, if anything. */
    Optional<String> check() {
        Optional<String> shortage = disk.shortage();
        if (shortage.isEmpty()) {
            if (shortSince != null) {
                log.info(
                        "recording: the disk has room again after {}s; recordings can be started",
                        Duration.between(shortSince, clock.instant()).toSeconds());
                shortSince = null;
            }
            return Optional.empty();
        }
        if (shortSince == null) {
            shortSince = clock.instant();
            log.warn("recording: {}: recordings in progress are stopped, new ones refused", shortage.get());
        }
        String lost = shortage.get() + ": recording stopped";
        stopAll.accept(lost);
        return Optional.of(lost);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
