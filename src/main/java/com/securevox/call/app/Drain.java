package com.securevox.call.app;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The server's life as a small state machine: serving → draining (new work refused, 503) →
 * stopped. Transitions only go forward; whoever wins a transition does its work.
 */
public final class Drain {
    public enum State {
        SERVING,
        DRAINING,
        STOPPED
    }

    private final AtomicReference<State> state = new AtomicReference<>(State.SERVING);

    public State state() {
        return state.get();
    }

    /** True from the start of a drain on: the answer every "may I take new work?" check wants. */
    public boolean draining() {
        return state.get() != State.SERVING;
    }

    /** Starts draining; false if a drain had already begun. */
    boolean begin() {
        return state.compareAndSet(State.SERVING, State.DRAINING);
    }

    /** Marks the end; false if it had already stopped. */
    boolean stop() {
        return state.getAndSet(State.STOPPED) != State.STOPPED;
    }
}
