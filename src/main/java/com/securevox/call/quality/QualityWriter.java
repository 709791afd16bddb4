package com.securevox.call.quality;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes rows (points, timeline events) on a virtual thread of its own, in batches, so that a socket's I/O thread only
 * offers them to a bounded queue: a full queue, or a failed write, drops rows (they are for display; a gap in a chart
 * is better than a stalled call). The same thread deletes rows past their retention, at most every {@link
 * #PURGE_EVERY}.
 */
final class QualityWriter<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QualityWriter.class);
    static final Duration PURGE_EVERY = Duration.ofMinutes(10);
    private static final int BATCH = 256;
    /** Queued by {@link #close} to wake a writer waiting for rows, so that a stop does not wait out its poll. */
    private static final Object WAKE = new Object();
    /**
     * How long rows gather after the first before they are written: a burst (every join is a timeline event) then costs
     * one transaction per window rather than one per row (docs/benchmarks.md, issue 17).
     */
    static final Duration LINGER = Duration.ofMillis(50);

    private final Batches<T> store;
    private final String what;
    private final Clock clock;
    private final Duration retention;
    private final Runnable housekeeping;
    private final BlockingQueue<Object> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;
    /** Counted down with {@link #closing}, so that a lingering writer writes at once. */
    private final CountDownLatch closed = new CountDownLatch(1);

    private Instant lastPurge = Instant.MIN;

    /**
     * @param what the rows' name in logs and the thread's ("quality points")
     * @param housekeeping run on the writer's thread between batches, at most every {@link #PURGE_EVERY}
     */
    QualityWriter(Batches<T> store, String what, Clock clock, Duration retention, int capacity, Runnable housekeeping) {
        this.store = store;
        this.what = what;
        this.clock = clock;
        this.retention = retention;
        this.housekeeping = housekeeping;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread =
                Thread.ofVirtual().name("securevox-" + what.replace(' ', '-')).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Never blocks. */
    void offer(T row) {
        if (closing || !queue.offer(row)) {
            drop(1);
        }
    }

    long dropped() {
        return dropped.get();
    }

    /** How many more rows the queue takes now before it drops them. */
    int room() {
        return queue.remainingCapacity();
    }

    /** Writes what is queued (one attempt), then stops. */
    @Override
    public void close() {
        closing = true;
        closed.countDown();
        // A full queue does not take it, but then the writer is not waiting.
        queue.offer(WAKE);
        try {
            if (!thread.join(Duration.ofSeconds(10))) {
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (true) {
            List<Object> taken = new ArrayList<>(BATCH);
            try {
                Object first = queue.poll(closing ? 0 : 200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    taken.add(first);
                    queue.drainTo(taken, BATCH - 1);
                    if (taken.size() < BATCH) {
                        linger();
                        queue.drainTo(taken, BATCH - taken.size());
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
            if (taken.isEmpty() && closing) {
                return;
            }
            write(rows(taken));
            purgeWhenDue();
        }
    }

    /** Waits {@link #LINGER}, or less when closing begins: one wait for a batch, not a wake-up per row. */
    private void linger() {
        try {
            closed.await(LINGER.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // What was taken is still written; the next poll sees the interrupt and ends the loop.
            Thread.currentThread().interrupt();
        }
    }

    /** What was taken, without the wake-up: only {@link #offer} queues anything else. */
    @SuppressWarnings("unchecked")
    private List<T> rows(List<Object> taken) {
        List<T> rows = new ArrayList<>(taken.size());
        for (Object o : taken) {
            if (o != WAKE) {
                rows.add((T) o);
            }
        }
        return rows;
    }

    private void write(List<T> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            store.append(batch);
        } catch (RuntimeException e) {
            log.warn("cannot write {} {} (dropped): {}", batch.size(), what, e.getMessage());
            drop(batch.size());
        }
    }

    private void purgeWhenDue() {
        Instant now = clock.instant();
        if (lastPurge.plus(PURGE_EVERY).isAfter(now)) {
            return;
        }
        lastPurge = now;
        housekeeping.run();
        try {
            int purged = store.purge(now.minus(retention));
            if (purged > 0) {
                log.info("deleted {} {} older than {}", purged, what, retention);
            }
        } catch (RuntimeException e) {
            log.warn("cannot delete old {}: {}", what, e.getMessage());
        }
    }

    private void drop(int count) {
        if (dropped.getAndAdd(count) % 1000 == 0) {
            log.warn("{} dropped so far: {}", what, dropped.get());
        }
    }
}
