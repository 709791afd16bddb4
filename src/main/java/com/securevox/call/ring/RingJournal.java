package com.securevox.call.ring;

/**
 * Where ringing tells what happened to each ring, for the call history and the webhooks. Like {@link RingOutbox} it is
 * called under the ring's lock, so one ring's facts arrive in order: an implementation must only enqueue or count,
 * never block, never call back into {@link Rings}, never throw.
 */
@FunctionalInterface
public interface RingJournal {
    void record(RingFact fact);
}
