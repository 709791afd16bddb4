package com.securevox.call.cluster;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named virtual thread that runs rounds until stopped: each round says how long to wait before the next, and a stop
 * ends the wait at once rather than after it. A round that throws is logged and followed by the next after {@code
 * afterFailure}: a bug in one round must not end the work (every lease would lapse with a keeper that stopped). A
 * {@link #wake} runs the next round early, but never sooner than {@code minGap} after the last one ended.
 */
final class Rounds {
    private static final Logger log = LoggerFactory.getLogger(Rounds.class);

    private final String name;
    private final LongSupplier round;
    private final Duration afterFailure;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final long minGap;
    private boolean stopping;
    /** Whether a round was asked for since the last one started. */
    private boolean woken;

    private Thread thread;

    /**
     * @param name the thread's name, also in what is logged
     * @param round one round; returns how long to wait before the next, in nanoseconds
     */
    Rounds(String name, LongSupplier round, Duration afterFailure) {
        this(name, round, afterFailure, Duration.ZERO);
    }

    /** @param minGap how long after a round a {@link #wake} runs the next one at the earliest */
    Rounds(String name, LongSupplier round, Duration afterFailure, Duration minGap) {
        this.name = name;
        this.round = round;
        this.afterFailure = afterFailure;
        this.minGap = minGap.toNanos();
    }

    /** Runs the next round soon (after {@code minGap}) rather than when the last one said. Only signals. */
    void wake() {
        lock.lock();
        try {
            woken = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void start() {
        lock.lock();
        try {
            if (thread != null) {
                throw new IllegalStateException(name + ": already started");
            }
            thread = Thread.ofVirtual().name(name).start(this::run);
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            long wait;
            lock.lock();
            try {
                woken = false;
            } finally {
                lock.unlock();
            }
            try {
                wait = round.getAsLong();
            } catch (RuntimeException e) {
                log.error("{}: a round failed", name, e);
                wait = afterFailure.toNanos();
            }
            long ended = System.nanoTime();
            lock.lock();
            try {
                while (!stopping) {
                    long left = ended + (woken ? Math.min(wait, minGap) : wait) - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    wake.awaitNanos(left);
                }
                if (stopping) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Stops after the round in progress, waiting for it up to {@code join}.
     *
     * @return false if a round still runs after that
     */
    boolean stop(Duration join) {
        Thread running;
        lock.lock();
        try {
            stopping = true;
            wake.signalAll();
            running = thread;
        } finally {
            lock.unlock();
        }
        if (running == null) {
            return true;
        }
        try {
            return running.join(join);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
