package com.securevox.call.app;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * Lets the end of a drain end its calls no faster than the history, timeline and webhook writers take what the ends
 * record.
 * Ending thousands of calls at once records a leave per member and an end per call within a fraction of a second,
 * more than the writers' bounded queues hold ({@code SECUREVOX_CALL_HISTORY_QUEUE}, 10,000 by default): a drain of
 * 5,000 calls dropped 3,041 history records. The drain's own thread may wait, unlike the event loops that record the
 * facts of calls in progress, so before each call it waits until every queue has room for at least {@code wanted}
 * facts. The wait is bounded for the whole drain: past {@code budget}, calls end at once and what does not fit is
 * dropped and counted as before, so a database that stopped answering cannot hold a stop up.
 */
final class DrainPace implements Runnable {
    private static final Duration POLL = Duration.ofMillis(2);

    private final List<IntSupplier> rooms;
    private final int wanted;
    private final long deadline;

    /**
     * @param rooms how many facts each writer's queue takes now
     * @param wanted how many facts every queue must take before the next call ends
     * @param budget how long the whole drain may wait
     */
    DrainPace(List<IntSupplier> rooms, int wanted, Duration budget) {
        if (wanted < 1) {
            throw new IllegalArgumentException("wanted: " + wanted + " (expected: > 0)");
        }
        this.rooms = List.copyOf(rooms);
        this.wanted = wanted;
        this.deadline = System.nanoTime() + budget.toNanos();
    }

    @Override
    public void run() {
        while (!roomEverywhere() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    private boolean roomEverywhere() {
        for (IntSupplier room : rooms) {
            if (room.getAsInt() < wanted) {
                return false;
            }
        }
        return true;
    }
}
