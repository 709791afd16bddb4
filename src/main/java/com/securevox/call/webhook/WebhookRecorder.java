package com.securevox.call.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.call.CallFact;
import com.securevox.call.call.CallJournal;
import com.securevox.call.quality.QualityAlert;
import com.securevox.call.quality.QualityAlerts;
import com.securevox.call.recording.RecordingInfo;
import com.securevox.call.ring.RingFact;
import com.securevox.call.ring.RingJournal;
import com.securevox.call.store.CallSequence;
import com.securevox.call.store.HistoryStoreException;
import com.securevox.call.store.ParticipantRecord;
import com.securevox.call.store.RecordingAnnouncer;
import com.securevox.call.store.RecordingOutcome;
import com.securevox.call.store.SequenceTakenException;
import com.securevox.call.store.WebhookEvent;
import com.securevox.call.store.WebhookOutbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts webhook events in the durable outbox without making signaling wait: {@link #record} only offers the fact to a
 * bounded queue, and a thread of its own numbers the facts into events and writes them in batches, retrying while the
 * database is down, then wakes the dispatcher. A fact that finds the queue full is dropped, counted and logged: the
 * call's numbering goes on, so the receiver sees the gap.
 *
 * <p>Recordings' events ({@link #announce}) go through the same queue and thread, because a call's numbers must come
 * from one place: this thread numbers a call's events in memory while the call is in progress, and writes them some
 * time later, so a number taken from the database meanwhile could be one it has already given. An announcement waits
 * until the events queued before it are written, then takes its call's next number: from memory if the call is still
 * in progress here (or ended while one of its rings is not over: that ring's outcomes still continue its numbering),
 * else from the outbox, which then holds every event of that call (the thread wrote them all before
 * it forgot the call); the outcome and the event are written in one transaction, after every earlier event. So a
 * recording's event continues its call's numbering whether it comes during the call, after {@code call.ended} or after
 * a restart, and never takes a number twice.
 */
public final class WebhookRecorder
        implements CallJournal, RingJournal, RecordingAnnouncer, QualityAlerts, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookRecorder.class);
    private static final int BATCH = 256;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);
    /** How long an announcement waits for room in the queue and then for its turn, before it gives up. */
    private static final Duration ANNOUNCE_TIMEOUT = Duration.ofSeconds(10);

    private final WebhookOutbox outbox;
    private final Runnable queued;
    private final BlockingQueue<Object> queue;
    private final WebhookEvents events;
    private final AtomicLong dropped = new AtomicLong();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread writer;
    private volatile long closeDeadline;

    /** @param queued told after events were written, so the dispatcher need not wait for its next poll */
    public WebhookRecorder(WebhookOutbox outbox, ObjectMapper json, int capacity, Runnable queued) {
        this.outbox = outbox;
        this.queued = queued;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.events = new WebhookEvents(json, UUID::randomUUID);
        this.writer =
                Thread.ofPlatform().name("securevox-webhook-queue").daemon().unstarted(this::run);
    }

    public void start() {
        writer.start();
    }

    @Override
    public void record(CallFact fact) {
        // A socket away and back is no webhook event: the session goes on, and a lost one ends in participant.left.
        if (fact instanceof CallFact.ParticipantAway || fact instanceof CallFact.ParticipantBack) {
            return;
        }
        offer(fact);
    }

    /** Like a call's fact: a ring's facts go through the same queue, so they are numbered in the call's stream. */
    @Override
    public void record(RingFact fact) {
        offer(fact);
    }

    /** Like a call's fact: numbered in its call's stream, after what happened before it. */
    @Override
    public void alert(QualityAlert alert) {
        offer(alert);
    }

    /**
     * The call went on on another node without any fact here (it was let go or handed over): its numbering is
     * forgotten, in order after the facts recorded before (see {@link WebhookEvents#moved}). Never blocks.
     */
    public void moved(String sessionId) {
        offer(new Moved(sessionId));
    }

    /** A call that went on on another node. */
    private record Moved(String sessionId) {}

    /** How many calls' numberings are kept in memory; read after {@link #written}, which orders it after them. */
    int numbered() {
        return events.numbered();
    }

    private void offer(Object fact) {
        if (closing.getCount() == 0 || !queue.offer(fact)) {
            if (dropped.incrementAndGet() % 1000 == 1) {
                log.warn("webhook queue full: {} events dropped so far", dropped.get());
            }
        }
    }

    /**
     * Numbers the outcome's event in its call and writes both, on the recorder's thread; blocks until written (up to
     * about {@link #ANNOUNCE_TIMEOUT} plus a database write). Unlike a fact, an announcement is never dropped: it
     * waits for room, and fails if there is none in time.
     */
    @Override
    public void announce(RecordingOutcome outcome) {
        Announcement announcement = new Announcement(outcome);
        try {
            if (closing.getCount() == 0
                    || !queue.offer(announcement, ANNOUNCE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new HistoryStoreException(
                        "cannot announce " + outcome.recording().id() + ": the webhook queue is full or closed", null);
            }
            announcement.await(ANNOUNCE_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            announcement.abandon();
            throw new HistoryStoreException(
                    "interrupted announcing " + outcome.recording().id(), e);
        }
    }

    /** How many more facts the queue takes now before it drops them. */
    public int room() {
        return queue.remainingCapacity();
    }

    /** Facts dropped since start because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Writes what was recorded, waiting at most {@code timeout}; what is left then is lost and logged. */
    public void close(Duration timeout) {
        closeDeadline = System.nanoTime() + timeout.toNanos();
        closing.countDown();
        try {
            if (writer.isAlive() && !writer.join(timeout.plusSeconds(5))) {
                writer.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!queue.isEmpty()) {
            log.warn("webhook events not queued at stop: {}", queue.size());
            abandonQueued(new ArrayList<>(queue));
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    private void run() {
        try {
            while (true) {
                List<Object> items = new ArrayList<>(BATCH);
                try {
                    Object first = queue.poll(closing.getCount() == 0 ? 0 : 200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        if (closing.getCount() == 0) {
                            return;
                        }
                        continue;
                    }
                    items.add(first);
                } catch (InterruptedException e) {
                    return;
                }
                queue.drainTo(items, BATCH - 1);
                if (!handle(items)) {
                    return;
                }
                queued.run();
            }
        } finally {
            List<Object> left = new ArrayList<>();
            queue.drainTo(left);
            abandonQueued(left);
        }
    }

    /** Numbers and writes the items in order; false if closing ran out of time first. */
    private boolean handle(List<Object> items) {
        // Numbered once: a retried write sends the same events again, and the outbox keeps one of each.
        List<WebhookEvent> batch = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            switch (items.get(i)) {
                case CallFact.CallResumed resumed -> {
                    Optional<Resumption> read = read(resumed);
                    if (read.isEmpty()) {
                        abandonQueued(items.subList(i, items.size()));
                        return false;
                    }
                    List<WebhookEvent> told = events.resume(
                            resumed,
                            read.get().last(),
                            read.get().participation(),
                            read.get().history());
                    if (!told.isEmpty()) {
                        // Not for a hand-off, whose node wrote everything first: the kill fell among its last writes.
                        log.info(
                                "resumed call '{}': {} webhook events tell what the outbox lacked of its history and"
                                        + " state",
                                resumed.sessionId(),
                                told.size());
                    }
                    batch.addAll(told);
                }
                case CallFact fact -> batch.add(events.from(fact));
                case RingFact fact -> events.from(fact).ifPresent(batch::add);
                case QualityAlert alert -> events.from(alert).ifPresent(batch::add);
                case Moved moved -> events.moved(moved.sessionId());
                case Announcement announcement -> {
                    if (!write(batch)) {
                        abandonQueued(items.subList(i, items.size()));
                        return false;
                    }
                    batch.clear();
                    settle(announcement);
                }
                case Barrier barrier -> {
                    if (!write(batch)) {
                        abandonQueued(items.subList(i, items.size()));
                        return false;
                    }
                    batch.clear();
                    barrier.done().countDown();
                }
                default -> throw new IllegalStateException("queued: " + items.get(i));
            }
        }
        return write(batch);
    }

    /** Marks a place in the queue: counted down once everything queued before it is in the outbox. */
    private record Barrier(CountDownLatch done) {}

    /**
     * Whether every event recorded before this call is in the outbox within {@code timeout}: a draining node hands a
     * call over only after its events are written, so the next node numbers on from the last of them. Blocks.
     */
    public boolean written(Duration timeout) {
        Barrier barrier = new Barrier(new CountDownLatch(1));
        try {
            return closing.getCount() > 0
                    && queue.offer(barrier)
                    && barrier.done().await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The announcement's event, at its call's next number, written with its outcome; one attempt, told to its caller. */
    private void settle(Announcement announcement) {
        if (!announcement.begin()) {
            return; // its caller gave up waiting, and was told nothing was written
        }
        RecordingInfo recording = announcement.outcome.recording();
        Optional<WebhookEvents.Place> reserved = events.reserve(recording.sessionId(), recording.startedAt());
        // The number this node's memory counts as given to the event, to give back if it is not written.
        Optional<WebhookEvents.Place> counted = reserved;
        try {
            WebhookEvents.Place place =
                    reserved.orElseGet(() -> outbox.lastOfCall(recording.sessionId(), recording.startedAt())
                            .map((CallSequence last) -> new WebhookEvents.Place(last.last() + 1, last.callStartedAt()))
                            // No event of its call is in the outbox (webhooks were off then, or every one was dropped).
                            .orElse(new WebhookEvents.Place(1, recording.startedAt())));
            List<WebhookEvent> event = List.of(events.recording(announcement.outcome, place));
            while (true) {
                try {
                    if (!outbox.enqueue(event.getFirst(), announcement.outcome)) {
                        counted.ifPresent(p -> events.release(recording.sessionId(), p));
                    }
                    break;
                } catch (SequenceTakenException taken) {
                    // Its call goes on on another node, which numbered it past this place meanwhile.
                    numberedElsewhere(taken);
                    event = events.renumbered(event, taken);
                    WebhookEvent now = event.getFirst();
                    // The call's numbering here, if kept, moved on with the event.
                    counted = Optional.of(new WebhookEvents.Place(now.sequence(), now.callStartedAt()));
                }
            }
            announcement.succeed();
        } catch (RuntimeException e) {
            counted.ifPresent(p -> events.release(recording.sessionId(), p));
            announcement.fail(e);
        }
    }

    /** What the outbox holds of a call taken over: where its numbering stands, and its participation events. */
    private record Resumption(
            Optional<CallSequence> last, List<String> participation, List<ParticipantRecord> history) {}

    /**
     * Where the numbering of a call taken over from another node stands in the outbox, who its events there say is in
     * the call (its events from there were written before it stopped, or lost with it), and the call's history rows,
     * asked again while the database refuses; empty if closing ran out of time first.
     */
    private Optional<Resumption> read(CallFact.CallResumed resumed) {
        for (int attempt = 1; ; attempt++) {
            try {
                // The call as numbered there: the latest of the session that started by then (a rung call's
                // numbering began with its ring, before the call's start).
                Optional<CallSequence> last = outbox.lastOfCall(resumed.sessionId(), resumed.startedAt());
                List<String> participation = last.isEmpty()
                        ? List.of()
                        : outbox.participation(resumed.sessionId(), last.get().callStartedAt());
                return Optional.of(new Resumption(
                        last, participation, outbox.historyRows(resumed.sessionId(), resumed.startedAt())));
            } catch (HistoryStoreException e) {
                if (attempt == 1 || attempt % 50 == 0) {
                    log.warn(
                            "cannot read the numbering of resumed call '{}' (attempt {}): {}",
                            resumed.sessionId(),
                            attempt,
                            e.getMessage());
                }
                if (!pauseBeforeRetry()) {
                    log.warn("webhook events lost at stop: {}", queue.size());
                    return Optional.empty();
                }
            }
        }
    }

    /**
     * Writes the batch, retrying while the database refuses, and numbering a call's events on after those another node
     * wrote meanwhile; false if closing ran out of time first.
     */
    private boolean write(List<WebhookEvent> batch) {
        List<WebhookEvent> pending = batch;
        for (int attempt = 1; ; attempt++) {
            try {
                outbox.enqueue(pending);
                return true;
            } catch (SequenceTakenException taken) {
                numberedElsewhere(taken);
                pending = events.renumbered(pending, taken);
                attempt--; // not a failure of the database
            } catch (HistoryStoreException e) {
                if (attempt == 1 || attempt % 50 == 0) {
                    log.warn("cannot queue {} webhook events (attempt {}): {}", batch.size(), attempt, e.getMessage());
                }
                if (!pauseBeforeRetry()) {
                    log.warn("webhook events lost at stop: {}", batch.size() + queue.size());
                    return false;
                }
            }
        }
    }

    private static void numberedElsewhere(SequenceTakenException taken) {
        log.warn(
                "webhook events of call '{}' were numbered on another node meanwhile (up to {}): numbering on after them",
                taken.sessionId(),
                taken.taken().last());
    }

    /** Waits before the next attempt; false if closing ran out of time (or the thread was interrupted). */
    private boolean pauseBeforeRetry() {
        if (closing.getCount() == 0 && System.nanoTime() - closeDeadline > 0) {
            return false;
        }
        try {
            closing.await(RETRY_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException interrupted) {
            return false;
        }
    }

    private static void abandonQueued(List<Object> items) {
        items.stream()
                .filter(Announcement.class::isInstance)
                .map(Announcement.class::cast)
                .forEach(Announcement::abandon);
    }
}
