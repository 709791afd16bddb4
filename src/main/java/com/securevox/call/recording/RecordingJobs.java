package com.securevox.call.recording;

import com.securevox.call.media.RecordingEvent;
import com.securevox.call.media.RecordingSink;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows each recording from the SFU side's events to its files: the catalog learns it started, which raw files are
 * its own, when it ended; then the {@link PostProcessor} makes the files and the catalog marks it ready (or failed),
 * which raises its webhook. Events are handled in order on one thread; post-processing runs on another, one recording
 * at a time, so a long one never delays what the catalog shows of the others.
 */
public final class RecordingJobs implements RecordingSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecordingJobs.class);

    private final RecordingCatalog catalog;
    private final PostProcessor processor;
    private final TakeJournal journal;
    private final java.nio.file.Path spoolFolder;
    private final java.time.Clock clock;
    private final ExecutorService events = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("recording-events").factory());
    private final ExecutorService jobs = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("recording-jobs").factory());
    /** Recordings in progress, on the events thread only. */
    private final Map<String, Pending> pending = new HashMap<>();

    private static final class Pending {
        final String sessionId;
        final Instant startedAt;
        final List<RawTake.Segment> segments = new ArrayList<>();
        final List<String> lost = new ArrayList<>();

        Pending(String sessionId, Instant startedAt) {
            this.sessionId = sessionId;
            this.startedAt = startedAt;
        }
    }

    public RecordingJobs(
            RecordingCatalog catalog,
            Programs programs,
            RecordingSpool spool,
            boolean compose,
            com.fasterxml.jackson.databind.ObjectMapper json,
            java.time.Clock clock) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.journal = new TakeJournal(spool.raw(), json);
        this.spoolFolder = spool.raw();
        this.processor = new PostProcessor(
                programs, spool.raw(), spool.recordings(), compose, json, clock, java.time.Duration.ofSeconds(15));
    }

    /**
     * Recordings a stopped server left recording or processing: made from what their journal says (partial when the
     * server stopped while recording), or marked failed (with their webhook) when it has none; never left hanging.
     */
    public void recover() {
        try {
            // Janus checks a room's rec_dir by its real path, which only a folder that exists has.
            Files.createDirectories(spoolFolder);
        } catch (IOException e) {
            log.error("recording: cannot create {}: {}; rooms will record nothing", spoolFolder, e.toString());
        }
        events.execute(() -> {
            for (RecordingInfo info : catalog.unfinished()) {
                log.warn("recording {} of call {} was unfinished when the server stopped", info.id(), info.sessionId());
                recover(info);
            }
        });
    }

    private void recover(RecordingInfo info) {
        String stoppedWhile = "the server stopped while it was " + info.status().wireName();
        Instant end = info.endedAt() != null ? info.endedAt() : clock.instant();
        try {
            Optional<RawTake> saved = journal.read(info.id(), end);
            if (saved.isEmpty()) {
                failed(info.id(), stoppedWhile + "; its raw files stay in the recording's folder");
                return;
            }
            RawTake take = saved.get();
            if (info.status() == RecordingStatus.RECORDING) {
                List<String> lost = new ArrayList<>(take.lost());
                lost.add(stoppedWhile + ": what came after was not recorded");
                take = new RawTake(take.id(), take.sessionId(), take.startedAt(), end, take.segments(), lost);
                catalog.processing(info.id(), end);
            }
            RawTake recovered = take;
            jobs.execute(() -> process(recovered));
        } catch (RecordingException e) {
            failed(info.id(), stoppedWhile + ", and its journal cannot be used: " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("recording {}: not recovered: {}", info.id(), e.toString());
        }
    }

    @Override
    public void recording(RecordingEvent event) {
        events.execute(() -> handle(event));
    }

    private void handle(RecordingEvent event) {
        RecordingId id = new RecordingId(event.take());
        try {
            switch (event) {
                case RecordingEvent.Started started -> {
                    pending.put(event.take(), new Pending(started.sessionId(), started.at()));
                    catalog.started(id, started.sessionId(), started.by(), started.at());
                    save(id);
                }
                case RecordingEvent.Segment segment -> {
                    ifPending(
                            event,
                            p -> p.segments.add(
                                    new RawTake.Segment(segment.userId(), segment.fileBase(), segment.at())));
                    save(id);
                }
                case RecordingEvent.Lost lost -> {
                    ifPending(event, p -> p.lost.add(lost.what()));
                    save(id);
                }
                case RecordingEvent.Stopped stopped -> {
                    Pending p = pending.remove(event.take());
                    if (p == null) {
                        return;
                    }
                    catalog.processing(id, stopped.at());
                    RawTake take = new RawTake(id, p.sessionId, p.startedAt, stopped.at(), p.segments, p.lost);
                    jobs.execute(() -> process(take));
                }
            }
        } catch (RuntimeException e) {
            log.error(
                    "recording {}: the catalog did not take {}: {}",
                    id,
                    event.getClass().getSimpleName(),
                    e.toString());
        }
    }

    /** Keeps the journal in step, so a server that stops now can still make the files at its next start. */
    private void save(RecordingId id) {
        Pending p = pending.get(id.value());
        if (p == null) {
            return;
        }
        try {
            journal.write(id, p.sessionId, p.startedAt, p.segments, p.lost);
        } catch (IOException e) {
            log.warn(
                    "recording {}: its journal was not written ({}); a server crash now would lose it",
                    id,
                    e.toString());
        }
    }

    private void ifPending(RecordingEvent event, java.util.function.Consumer<Pending> action) {
        Pending p = pending.get(event.take());
        if (p != null) {
            action.accept(p);
        }
    }

    private void process(RawTake take) {
        try {
            make(take);
        } finally {
            try {
                journal.delete(take.id());
            } catch (IOException e) {
                log.warn("recording {}: its journal was not deleted: {}", take.id(), e.toString());
            }
        }
    }

    private void make(RawTake take) {
        long begun = System.nanoTime();
        try {
            PostProcessor.Made made = processor.process(take);
            boolean partial = !made.lost().isEmpty();
            catalog.ready(take.id(), made.files(), partial, partial ? String.join("; ", made.lost()) : null);
            log.info(
                    "recording {} of call {} ready: {} files in {} ms{}",
                    take.id(),
                    take.sessionId(),
                    made.files().size(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun),
                    partial ? " (partial: " + String.join("; ", made.lost()) + ")" : "");
        } catch (RecordingException e) {
            log.warn("recording {} of call {} failed: {}", take.id(), take.sessionId(), e.getMessage());
            failed(take.id(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("recording {} of call {} failed", take.id(), take.sessionId(), e);
            failed(take.id(), "post-processing broke: " + e);
        }
    }

    private void failed(RecordingId id, String reason) {
        try {
            catalog.failed(id, reason);
        } catch (RuntimeException e) {
            log.error("recording {}: cannot mark it failed ({}): {}", id, reason, e.toString());
        }
    }

    /** Lets the events queued so far be handled and the recording being processed finish, within the deadline. */
    @Override
    public void close() {
        events.shutdown();
        try {
            events.awaitTermination(5, TimeUnit.SECONDS);
            jobs.shutdown();
            if (!jobs.awaitTermination(30, TimeUnit.SECONDS)) {
                jobs.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
