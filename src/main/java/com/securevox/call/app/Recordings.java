package com.securevox.call.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.config.ServerConfig;
import com.securevox.call.config.SfuMode;
import com.securevox.call.media.MediaRecording;
import com.securevox.call.recording.DiskWatch;
import com.securevox.call.recording.Programs;
import com.securevox.call.recording.RecordingCatalog;
import com.securevox.call.recording.RecordingDisk;
import com.securevox.call.recording.RecordingException;
import com.securevox.call.recording.RecordingId;
import com.securevox.call.recording.RecordingJobs;
import com.securevox.call.recording.RecordingRetention;
import com.securevox.call.recording.RecordingSpool;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recording calls, wired: the catalog's retention, the jobs that make the files, and the watch on their disk. Part of
 * the composition root, like {@link Sfu} and {@link Ringing}; {@link App} hands {@link #media()} to the SFU calls and
 * starts and stops this in its order.
 */
final class Recordings {
    private static final Logger log = LoggerFactory.getLogger(Recordings.class);
    /** How often recordings past their retention are looked for. */
    private static final Duration RETENTION_SWEEP = Duration.ofMinutes(10);
    /** How often the recordings' disk is checked for room. */
    private static final Duration DISK_CHECK = Duration.ofSeconds(2);
    /** The longest one post-processing program may run (an hour-long call's composed file takes minutes). */
    private static final Duration STEP_TIMEOUT = Duration.ofHours(2);

    private final RecordingRetention retention;
    /** Makes recordings' files; empty when the SFU is off or the programs it needs are missing. */
    private final Optional<RecordingJobs> jobs;

    private final RecordingDisk disk;
    private final MediaRecording media;
    private final Clock clock;
    /** Stops the recordings when their disk runs short; empty when nothing is recorded. */
    private Optional<DiskWatch> diskWatch = Optional.empty();

    Recordings(ServerConfig config, RecordingCatalog catalog, ObjectMapper json, Clock clock) {
        this.clock = clock;
        retention = new RecordingRetention(
                catalog, config.recording().directory(), config.recording().retention(), RETENTION_SWEEP, clock);
        jobs = programs(config)
                .map(programs -> new RecordingJobs(
                        catalog,
                        programs,
                        RecordingSpool.in(config.recording().directory()),
                        config.recording().compose(),
                        json,
                        clock));
        disk = new RecordingDisk(
                config.recording().directory(), config.recording().minFree());
        media = jobs.map(j -> new MediaRecording(
                        Optional.of(RecordingSpool.in(config.recording().directory())
                                .raw()),
                        config.recording().recordAll(),
                        () -> RecordingId.random().value(),
                        j,
                        disk))
                .orElse(MediaRecording.OFF);
    }

    /** What the SFU calls record with: {@link MediaRecording#OFF} when nothing can be recorded. */
    MediaRecording media() {
        return media;
    }

    /**
     * From now on, {@code stopAll} runs when the recordings' disk runs short (once the SFU calls exist), given why.
     */
    void watchDisk(Consumer<String> stopAll) {
        diskWatch = jobs.map(j -> new DiskWatch(disk, DISK_CHECK, clock, stopAll));
    }

    /** Starts the retention sweep, makes the files of recordings a previous run left, and watches the disk. */
    void start() {
        retention.start();
        jobs.ifPresent(RecordingJobs::recover);
        diskWatch.ifPresent(DiskWatch::start);
    }

    /** Stops watching the disk: the calls are gone, so nothing is recording any more. */
    void stopWatching() {
        diskWatch.ifPresent(DiskWatch::close);
    }

    /** Makes the files of recordings that ended, then stops the sweep: before the history and the webhooks close. */
    void close() {
        jobs.ifPresent(RecordingJobs::close);
        retention.close();
    }

    /**
     * The post-processing programs, when calls can be recorded at all (the SFU is on); a missing one turns recording
     * off with a warning naming it, because recording is a feature of some calls and must not stop every call.
     */
    private static Optional<Programs> programs(ServerConfig config) {
        if (config.sfu().mode() == SfuMode.OFF) {
            return Optional.empty();
        }
        try {
            return Optional.of(Programs.find(config.recording().programPath(), STEP_TIMEOUT));
        } catch (RecordingException e) {
            log.warn("recording is off: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
