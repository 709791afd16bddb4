package com.securevox.call.store;

import com.securevox.call.call.CallFact;
import com.securevox.call.call.CallJournal;
import com.securevox.call.media.MediaJournal;
import com.securevox.call.media.MediaMode;
import com.securevox.call.ring.RingFact;
import com.securevox.call.ring.RingJournal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records call facts in the history without ever making signaling wait: {@link #record} only offers to a bounded
 * queue (a full queue drops the fact and counts it), and one thread of its own takes what has queued up, turns it into
 * one batch of {@link HistoryWrite}s and writes it in one transaction. The media side's {@link #mediaChanged} goes
 * through the same queue, so a call's start is placed before the mode changes that follow it.
 *
 * <p>When the database fails, the same batch is retried with a growing pause while calls go on; facts queue up
 * meanwhile and are dropped only once the queue is full. {@link #close} writes what is left, giving up (and counting
 * the rest as dropped) after its timeout. Drops are logged from the writer thread, at most every {@link
 * #REPORT_EVERY}.
 */
public final class HistoryRecorder implements CallJournal, MediaJournal, RingJournal, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HistoryRecorder.class);
    static final Duration REPORT_EVERY = Duration.ofSeconds(10);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration RETRY_WHILE_CLOSING = Duration.ofMillis(100);
    /**
     * How long the writer lets facts gather after the first before it writes them: a burst of joins (a restart's
     * reconnect storm, a load test) then costs one transaction per window instead of one per join, which was most of
     * the writer's CPU per join (docs/benchmarks.md, issue 17). Rows appear in the history this much later.
     */
    static final Duration LINGER = Duration.ofMillis(50);
    /** The transport of a participant row opened for a taken-over call: how it connected was known on the other node. */
    static final String UNKNOWN_TRANSPORT = "unknown";

    private final HistoryStore store;
    private final HistoryMetrics metrics;
    private final int batchSize;
    private final Duration maxRetryPause;
    private final BlockingQueue<Recorded> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread writer;
    private volatile long closeDeadline;
    /** The writer thread's count of failed attempts at its batch, for {@code /health} to read. */
    private volatile int failedWrites;

    /** The writer thread's own: which history rows are open for which call and participant. */
    private final HistoryRows rows = new HistoryRows(this::read);

    private long reportedDrops;
    private long lastReport = System.nanoTime();

    /** What waits in the queue, in the order it came: the registry's facts and the media side's mode changes. */
    sealed interface Recorded {
        record Fact(CallFact fact) implements Recorded {}

        record MediaChanged(String sessionId, MediaMode mode) implements Recorded {}

        record Ring(RingFact fact) implements Recorded {}

        /** The call went on on another node, without an end here: its rows are that node's to close. */
        record Moved(String sessionId) implements Recorded {}

        /** A place in the queue, counted down once everything queued before it is written. */
        record Barrier(CountDownLatch done) implements Recorded {}
    }

    public HistoryRecorder(
            HistoryStore store, HistoryMetrics metrics, int capacity, int batchSize, Duration maxRetryPause) {
        if (capacity < 1 || batchSize < 1) {
            throw new IllegalArgumentException(
                    "capacity: " + capacity + ", batchSize: " + batchSize + " (expected: both > 0)");
        }
        this.store = store;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.maxRetryPause = maxRetryPause;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.ofPlatform().name("securevox-history").daemon().unstarted(this::run);
    }

    public void start() {
        writer.start();
    }

    /** Never blocks: a fact that does not fit (or comes after {@link #close}) is dropped and counted. */
    @Override
    public void record(CallFact fact) {
        // The history keeps participant sessions, which go on through a reconnect (the timeline keeps these).
        if (fact instanceof CallFact.ParticipantAway || fact instanceof CallFact.ParticipantBack) {
            return;
        }
        offer(new Recorded.Fact(fact));
    }

    /** Never blocks, like {@link #record}; a change for a session with no open call is ignored. */
    @Override
    public void mediaChanged(String sessionId, MediaMode mode) {
        offer(new Recorded.MediaChanged(sessionId, mode));
    }

    /** Never blocks, like {@link #record(CallFact)}: a ring and its invitees' outcomes. */
    @Override
    public void record(RingFact fact) {
        offer(new Recorded.Ring(fact));
    }

    /**
     * The call went on on another node without any fact here (it was let go or handed over): the rows this node keeps
     * open for it are forgotten once what was recorded before is written, as no end will come to remove them. Never
     * blocks, like {@link #record(CallFact)}; the next node continues those rows.
     */
    public void moved(String sessionId) {
        offer(new Recorded.Moved(sessionId));
    }

    /** How many calls' rows the writer keeps open now; read after {@link #written}, which orders it after the writes. */
    int openCallCount() {
        return rows.openCount();
    }

    private void offer(Recorded recorded) {
        if (closing.getCount() == 0 || !queue.offer(recorded)) {
            drop(1);
        }
    }

    /**
     * Whether everything recorded before this call is written within {@code timeout}: a draining node hands a call
     * over only after its rows are written, so the next node continues them rather than opening them again. Blocks.
     */
    public boolean written(Duration timeout) {
        Recorded.Barrier barrier = new Recorded.Barrier(new CountDownLatch(1));
        try {
            return closing.getCount() > 0
                    && queue.offer(barrier)
                    && barrier.done().await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Facts waiting to be written. */
    public int queued() {
        return queue.size();
    }

    /** How many more facts the queue takes now before it drops them. */
    public int room() {
        return queue.remainingCapacity();
    }

    /** Attempts at the batch being written that the database refused: 0 once a write went through. */
    public int failedWrites() {
        return failedWrites;
    }

    /** Facts dropped since start. */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Writes what has been recorded, then stops the writer. Waits at most {@code timeout}; what could not be written
     * by then is dropped, counted and logged. Does not close the store.
     */
    public void close(Duration timeout) {
        closeDeadline = System.nanoTime() + timeout.toNanos();
        closing.countDown();
        // Wakes a writer waiting for facts now, not at the end of its wait: a stop is not held up by an idle writer.
        // A full queue does not take it, but then the writer is not waiting.
        queue.offer(new Recorded.Barrier(new CountDownLatch(1)));
        if (!writer.isAlive()) {
            dropQueued();
            report(true);
            return;
        }
        try {
            // A little longer than the writer's own deadline: it may be inside a database call when it passes.
            if (!writer.join(timeout.plus(HistoryStores.CONNECTION_TIMEOUT).plusSeconds(1))) {
                writer.interrupt();
                log.warn("history writer did not stop within {}", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropQueued();
        report(true);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    private void run() {
        List<HistoryWrite> pending = List.of();
        List<Recorded.Barrier> barriers = List.of();
        int pendingFacts = 0;
        int failures = 0;
        while (true) {
            if (pending.isEmpty()) {
                List<Recorded> facts = take();
                if (facts == null) {
                    if (closing.getCount() == 0 && queue.isEmpty()) {
                        return;
                    }
                    report(false);
                    continue;
                }
                pendingFacts = facts.size();
                barriers = facts.stream()
                        .filter(Recorded.Barrier.class::isInstance)
                        .map(Recorded.Barrier.class::cast)
                        .toList();
                HistoryRows.Translated translated = rows.translate(facts);
                if (translated.orphans() > 0) {
                    drop(translated.orphans());
                }
                pending = translated.writes();
                if (pending.isEmpty()) {
                    barriers.forEach(b -> b.done().countDown());
                    continue;
                }
            }
            try {
                store.write(pending);
                if (failures > 0) {
                    log.info("history writes resumed after {} failed attempts", failures);
                }
                failures = 0;
                failedWrites = 0;
                pending = List.of();
                // The batch holds everything queued before its barriers.
                barriers.forEach(b -> b.done().countDown());
            } catch (RuntimeException e) {
                failures++;
                failedWrites = failures;
                if (failures == 1 || failures % 50 == 0) {
                    log.warn(
                            "history write failed (attempt {}, {} records waiting, {} queued): {}",
                            failures,
                            pendingFacts,
                            queue.size(),
                            e.getMessage());
                }
                if (closing.getCount() == 0 && System.nanoTime() - closeDeadline > 0) {
                    drop(pendingFacts);
                    dropQueued();
                    return;
                }
                pause(failures);
            }
            report(false);
        }
    }

    /** The next facts, up to a batch; null if none came within a moment (so closing is noticed). */
    private List<Recorded> take() {
        Recorded first;
        try {
            first = queue.poll(closing.getCount() == 0 ? 0 : 200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (first == null) {
            return null;
        }
        List<Recorded> facts = new ArrayList<>(batchSize);
        facts.add(first);
        queue.drainTo(facts, batchSize - 1);
        // A barrier's caller is waiting (a drain hands a call over once its rows are written): no lingering then.
        if (facts.size() < batchSize && facts.stream().noneMatch(Recorded.Barrier.class::isInstance)) {
            linger();
            queue.drainTo(facts, batchSize - facts.size());
        }
        return facts;
    }

    /** Waits {@link #LINGER} for more facts to come, or less when closing begins: one wait, not a wake-up per fact. */
    private void linger() {
        try {
            closing.await(LINGER.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The history rows the node that served the call before left open, and the joins and leaves the webhook outbox
     * tells of the call before the takeover, read again while the database refuses; empty if closing ran out of time
     * first. Read here, on the writer's thread, never under a call's lock.
     */
    private Optional<HistoryRows.Resumption> read(CallFact.CallResumed resumed) {
        for (int failures = 1; ; failures++) {
            try {
                Optional<OpenCall> open = store.openCall(resumed.sessionId(), resumed.startedAt());
                WebhookOutbox outbox = store.webhooks();
                OutboxParticipation told = outbox.lastOfCall(resumed.sessionId(), resumed.startedAt())
                        .map(last -> OutboxParticipation.of(
                                outbox.participation(resumed.sessionId(), last.callStartedAt()), resumed.at()))
                        .orElse(OutboxParticipation.NONE);
                return Optional.of(new HistoryRows.Resumption(open, told));
            } catch (RuntimeException e) {
                if (failures == 1 || failures % 50 == 0) {
                    log.warn(
                            "cannot read the history of resumed call '{}' (attempt {}): {}",
                            resumed.sessionId(),
                            failures,
                            e.getMessage());
                }
                if (closing.getCount() == 0 && System.nanoTime() - closeDeadline > 0) {
                    return Optional.empty();
                }
                pause(failures);
            }
        }
    }

    private void pause(int failures) {
        Duration pause = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 16));
        if (pause.compareTo(maxRetryPause) > 0) {
            pause = maxRetryPause;
        }
        if (closing.getCount() == 0) {
            LockSupport.parkNanos(RETRY_WHILE_CLOSING.toNanos());
            return;
        }
        try {
            closing.await(pause.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dropQueued() {
        List<Recorded> left = new ArrayList<>();
        queue.drainTo(left);
        // A barrier is no record: close's wake-up, or a wait for what is written, which gives up by itself.
        int records = (int)
                left.stream().filter(r -> !(r instanceof Recorded.Barrier)).count();
        if (records > 0) {
            drop(records);
        }
    }

    private void drop(int records) {
        dropped.addAndGet(records);
        metrics.dropped(records);
    }

    private void report(boolean now) {
        long total = dropped.get();
        if (total == reportedDrops) {
            return;
        }
        if (!now && System.nanoTime() - lastReport < REPORT_EVERY.toNanos()) {
            return;
        }
        log.warn(
                "history: {} records dropped since the last report ({} in all): the queue was full or the database"
                        + " unavailable for too long",
                total - reportedDrops,
                total);
        reportedDrops = total;
        lastReport = System.nanoTime();
    }
}
