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
 * afterFailure}: a bug in one round must not end the work (every lease would lapse with a keeper that stopped).
 */
final class Rounds {
    private static final Logger log = LoggerFactory.getLogger(Rounds.class);

    private final String name;
    private final LongSupplier round;
    private final Duration afterFailure;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean stopping;
    private Thread thread;

    /**
     * @param name the thread's name, also in what is logged
     * @param round one round; returns how long to wait before the next, in nanoseconds
     */
    Rounds(String name, LongSupplier round, Duration afterFailure) {
        this.name = name;
        this.round = round;
        this.afterFailure = afterFailure;
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
            try {
                wait = round.getAsLong();
            } catch (RuntimeException e) {
                log.error("{}: a round failed", name, e);
                wait = afterFailure.toNanos();
            }
            lock.lock();
            try {
                long left = wait;
                while (!stopping && left > 0) {
                    left = wake.awaitNanos(left);
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
