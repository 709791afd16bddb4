package com.securevox.call.call;

/**
 * Monotonic time in nanoseconds, for deadlines that must hold however the wall clock is set: an NTP step or a hand
 * change moves {@link java.time.Clock} but never this. Only differences between two readings mean anything, compared
 * as {@code a - b < 0} so that the counter may wrap. Injected so tests move it by hand.
 */
@FunctionalInterface
public interface Ticker {
    /** The JVM's monotonic clock, {@link System#nanoTime()}. */
    Ticker SYSTEM = System::nanoTime;

    long nanos();

    /** Whether {@code deadline} (a reading of this ticker plus a duration) is still ahead now. */
    default boolean before(long deadline) {
        return nanos() - deadline < 0;
    }
}
