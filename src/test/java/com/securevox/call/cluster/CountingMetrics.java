package com.securevox.call.cluster;

import com.securevox.call.call.NodeBusMetrics;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what a bus reports, for tests to read. */
final class CountingMetrics implements NodeBusMetrics {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong received = new AtomicLong();
    final AtomicLong lost = new AtomicLong();
    final AtomicLong duplicated = new AtomicLong();
    final AtomicLong reordered = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong backlog = new AtomicLong();
    final AtomicLong retried = new AtomicLong();

    @Override
    public void sent() {
        sent.incrementAndGet();
    }

    @Override
    public void received() {
        received.incrementAndGet();
    }

    @Override
    public void lost(long messages) {
        lost.addAndGet(messages);
    }

    @Override
    public void duplicated() {
        duplicated.incrementAndGet();
    }

    @Override
    public void reordered() {
        reordered.incrementAndGet();
    }

    @Override
    public void malformed() {
        malformed.incrementAndGet();
    }

    @Override
    public void retried() {
        retried.incrementAndGet();
    }

    @Override
    public void backlog(long messages) {
        backlog.set(messages);
    }
}
