package com.securevox.call.cluster;

import com.securevox.call.call.NodeBus.Envelope;
import com.securevox.call.call.NodeBus.Inbox;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** An inbox that keeps what it is handed, for tests to wait for and look at. */
final class InboxRecorder implements Inbox {
    static final Duration WAIT = Duration.ofSeconds(30);

    /** One message as the inbox got it. */
    record Got(Envelope envelope, long missedBefore) {}

    private final List<Got> got = new CopyOnWriteArrayList<>();

    @Override
    public void receive(Envelope envelope, long missedBefore) {
        got.add(new Got(envelope, missedBefore));
    }

    List<Got> got() {
        return List.copyOf(got);
    }

    int size() {
        return got.size();
    }

    /** Waits until at least {@code count} messages arrived; fails after {@link #WAIT}. */
    void awaitSize(int count) {
        await("at least " + count + " messages (have " + got.size() + ")", () -> got.size() >= count);
    }

    /** Polls {@code condition} until it holds; fails after {@link #WAIT}, saying {@code what} it waited for. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }
}
