package com.securevox.call.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.call.CallFact;
import com.securevox.call.call.CallJournal;
import com.securevox.call.store.HistoryStoreException;
import com.securevox.call.store.WebhookEvent;
import com.securevox.call.store.WebhookOutbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 */
public final class WebhookRecorder implements CallJournal, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookRecorder.class);
    private static final int BATCH = 256;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    private final WebhookOutbox outbox;
    private final Runnable queued;
    private final BlockingQueue<CallFact> queue;
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
        if (closing.getCount() == 0 || !queue.offer(fact)) {
            if (dropped.incrementAndGet() % 1000 == 1) {
                log.warn("webhook queue full: {} events dropped so far", dropped.get());
            }
        }
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
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    private void run() {
        while (true) {
            List<CallFact> facts = new ArrayList<>(BATCH);
            try {
                CallFact first = queue.poll(closing.getCount() == 0 ? 0 : 200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing.getCount() == 0) {
                        return;
                    }
                    continue;
                }
                facts.add(first);
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(facts, BATCH - 1);
            // Numbered once: a retried write sends the same events again, and the outbox keeps one of each.
            List<WebhookEvent> batch = facts.stream().map(events::from).toList();
            if (!write(batch)) {
                return;
            }
            queued.run();
        }
    }

    /** Writes the batch, retrying while the database refuses; false if closing ran out of time first. */
    private boolean write(List<WebhookEvent> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                outbox.enqueue(batch);
                return true;
            } catch (HistoryStoreException e) {
                if (attempt == 1 || attempt % 50 == 0) {
                    log.warn("cannot queue {} webhook events (attempt {}): {}", batch.size(), attempt, e.getMessage());
                }
                if (closing.getCount() == 0 && System.nanoTime() - closeDeadline > 0) {
                    log.warn("webhook events lost at stop: {}", batch.size() + queue.size());
                    return false;
                }
                try {
                    closing.await(RETRY_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    return false;
                }
            }
        }
    }
}
