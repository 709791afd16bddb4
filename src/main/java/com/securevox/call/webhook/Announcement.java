package com.securevox.call.webhook;

import com.securevox.call.store.HistoryStoreException;
import com.securevox.call.store.RecordingOutcome;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A recording's outcome waiting in the webhook queue, and its caller waiting for it. The caller may give up only while
 * it is still queued: once the recorder has begun writing it, the caller learns how that ended, so "nothing was
 * written" is never said of an outcome that was.
 */
final class Announcement {
    private enum State {
        QUEUED,
        WRITING,
        WRITTEN,
        FAILED,
        ABANDONED
    }

    /** How long a caller waits, once the write has begun, before it reports the outcome unknown. */
    private static final Duration WRITE_WAIT = Duration.ofSeconds(60);

    final RecordingOutcome outcome;
    private final AtomicReference<State> state = new AtomicReference<>(State.QUEUED);
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile RuntimeException failure;

    Announcement(RecordingOutcome outcome) {
        this.outcome = outcome;
    }

    /** The recorder takes it up; false if its caller gave up first. */
    boolean begin() {
        return state.compareAndSet(State.QUEUED, State.WRITING);
    }

    void succeed() {
        state.set(State.WRITTEN);
        done.countDown();
    }

    void fail(RuntimeException e) {
        failure = e;
        state.set(State.FAILED);
        done.countDown();
    }

    /** Nobody will write it (the recorder stops, or its caller gives up); no effect once writing began. */
    void abandon() {
        if (state.compareAndSet(State.QUEUED, State.ABANDONED)) {
            done.countDown();
        }
    }

    /** Waits for the write; throws unless the outcome was written (or found settled already). */
    void await(Duration timeout) throws InterruptedException {
        if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            abandon();
            if (state.get() == State.WRITING && !done.await(WRITE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                // Settling twice changes nothing, so the caller can simply try again.
                throw new HistoryStoreException(
                        "announcing " + outcome.recording().id() + ": no answer from the database in time (it may"
                                + " have been written; settling again is harmless)",
                        null);
            }
        }
        switch (state.get()) {
            case WRITTEN -> {}
            case FAILED ->
                throw failure instanceof HistoryStoreException e
                        ? e
                        : new HistoryStoreException(
                                "cannot announce " + outcome.recording().id() + ": " + failure.getMessage(), failure);
            default ->
                throw new HistoryStoreException(
                        "cannot announce " + outcome.recording().id()
                                + ": the webhook queue did not take it up in time (nothing was written)",
                        null);
        }
    }
}
