package com.securevox.call.call;

import java.util.ArrayList;
import java.util.List;

/** Records every fact in the order the registry made it. Thread-safe, for the concurrency test. */
final class RecordingJournal implements CallJournal {
    static final ClientInfo CLIENT = new ClientInfo("websocket", "test-agent/1");

    private final List<CallFact> facts = new ArrayList<>();

    @Override
    public synchronized void record(CallFact fact) {
        facts.add(fact);
    }

    synchronized List<CallFact> all() {
        return List.copyOf(facts);
    }

    synchronized void clear() {
        facts.clear();
    }
}
