package com.securevox.call.call;

/**
 * Where the registry tells what happened to calls (history, metrics). The same contract as {@link Outbox}: {@link
 * #record} is called under the call's lock, so the facts of one call arrive in order, and an implementation must only
 * enqueue or count: never block, never wait for a lock, never call back into the registry, never throw.
 */
public interface CallJournal {
    void record(CallFact fact);
}
