package com.securevox.call.recording;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes recordings that ended longer ago than the retention, every {@code interval} on a thread of its own. Each
 * one is first marked (hidden from every read), then its folder is deleted, then its rows: a crash or a file that will
 * not go leaves it marked, and the next sweep (or the next start, which begins with those) finishes it. So a recording
 * is never left with rows and no files, or files and no rows. With a retention of zero nothing is ever deleted, but
 * deletions left by an earlier run are still finished at start.
 */
public final class RecordingRetention implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecordingRetention.class);
    /** Recordings deleted per catalog query; a sweep goes on until none is due. */
    private static final int BATCH = 100;

    /** Deletes a recording's folder and everything in it; a folder that is not there is deleted already. */
    interface Folders {
        void delete(Path folder) throws IOException;
    }

    private final RecordingCatalog catalog;
    private final Path directory;
    private final Duration retention;
    private final Duration interval;
    private final Clock clock;
    private final Folders folders;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("securevox-recording-retention").daemon().factory());

    /**
     * @param directory the recordings' folder: a recording's files are in {@code <directory>/<recordingId>/}
     * @param retention how long after its end a recording is kept; zero: for ever
     * @param interval how often to look for recordings past their retention
     */
    public RecordingRetention(
            RecordingCatalog catalog, Path directory, Duration retention, Duration interval, Clock clock) {
        this(catalog, directory, retention, interval, clock, RecordingRetention::deleteTree);
    }

    RecordingRetention(
            RecordingCatalog catalog,
            Path directory,
            Duration retention,
            Duration interval,
            Clock clock,
            Folders folders) {
        this.catalog = Objects.requireNonNull(catalog, "catalog: null (expected: the recordings' catalog)");
        this.directory = Objects.requireNonNull(directory, "directory: null (expected: the recordings' folder)");
        this.retention = Objects.requireNonNull(retention, "retention: null (expected: a duration, 0 for ever)");
        this.interval = Objects.requireNonNull(interval, "interval: null (expected: a duration > 0)");
        this.clock = Objects.requireNonNull(clock, "clock: null (expected: a clock)");
        this.folders = folders;
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention: " + retention + " (expected: >= 0, 0 for ever)");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
        }
    }

    /** Finishes what an earlier run left marked, then sweeps every {@code interval}; returns at once. */
    public void start() {
        executor.execute(() -> guarded(this::finishDeletions));
        if (!retention.isZero()) {
            long every = interval.toMillis();
            executor.scheduleWithFixedDelay(() -> guarded(this::sweep), every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops sweeping; a sweep under way ends at its next recording (what it marked is finished at next start). */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("recording retention still busy at stop; what it marked is finished at next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One sweep: what is marked first, then every recording past its retention.
     *
     * @return how many recordings were deleted
     */
    int sweep() {
        int deleted = finishDeletions();
        if (retention.isZero()) {
            return deleted;
        }
        Instant cutoff = clock.instant().minus(retention);
        while (!Thread.currentThread().isInterrupted()) {
            List<RecordingId> due = catalog.endedBefore(cutoff, BATCH);
            for (RecordingId id : due) {
                catalog.markDeleting(id);
                if (deleteFilesThenRows(id)) {
                    deleted++;
                }
            }
            // A recording whose files would not go stays marked, so endedBefore no longer offers it: this ends.
            if (due.size() < BATCH) {
                break;
            }
        }
        if (deleted > 0) {
            log.info("recordings deleted after their retention of {}: {}", retention, deleted);
        }
        return deleted;
    }

    /** Deletes what is marked; returns how many went. */
    int finishDeletions() {
        int deleted = 0;
        for (RecordingId id : catalog.deleting()) {
            if (deleteFilesThenRows(id)) {
                deleted++;
            }
        }
        return deleted;
    }

    private boolean deleteFilesThenRows(RecordingId id) {
        // The id's form (rec_ and hex digits) makes it one plain folder name: it cannot leave the directory.
        Path folder = directory.resolve(id.value());
        try {
            folders.delete(folder);
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "cannot delete the files of recording {} in {} (retried next sweep): {}", id, folder, e.toString());
            return false;
        }
        catalog.delete(id);
        return true;
    }

    private static void guarded(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            // The database may be down: what was not done is done by a later sweep.
            log.warn("recording retention sweep failed (tried again next sweep): {}", e.getMessage());
        }
    }

    /** Deletes the folder and what is in it, links themselves rather than what they point to. */
    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null && !(failure instanceof NoSuchFileException)) {
                    throw failure;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
