package com.securevox.call.call;

import java.time.Duration;

/**
 * Runs reconnect-grace timers. Injected so tests fire timers when they choose, without sleeping.
 *
 * <p>{@link #schedule} and {@link Cancellable#cancel} are called while holding a call's lock, so both must return
 * promptly, and {@code schedule} must never run the task on the calling thread. The task takes that call's lock
 * itself. A task may still run after {@code cancel} (it may already be waiting for the lock); the registry tells that
 * case apart with a generation counter, so {@code cancel} is only an optimisation.
 */
public interface Scheduler {

    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can be called off. */
    interface Cancellable {
        void cancel();
    }
}
