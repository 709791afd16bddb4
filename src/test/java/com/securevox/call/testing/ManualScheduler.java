package com.securevox.call.testing;

import com.securevox.call.call.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Keeps scheduled tasks until the test fires them. Thread-safe, for the concurrency test. */
public final class ManualScheduler implements Scheduler {

    public static final class Task implements Cancellable {
        public final Duration delay;
        private final Runnable body;
        private volatile boolean cancelled;
        private volatile boolean ran;

        private Task(Duration delay, Runnable body) {
            this.delay = delay;
            this.body = body;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        public boolean cancelled() {
            return cancelled;
        }

        /** Runs the task even if it was cancelled: a real timer may already be running when cancel comes. */
        public void fire() {
            ran = true;
            body.run();
        }
    }

    private final List<Task> tasks = new ArrayList<>();

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable body) {
        Task task = new Task(delay, body);
        tasks.add(task);
        return task;
    }

    public synchronized List<Task> tasks() {
        return List.copyOf(tasks);
    }

    /** Fires every task neither cancelled nor fired yet, outside this scheduler's monitor, like a timer thread. */
    public int firePending() {
        List<Task> due;
        synchronized (this) {
            due = tasks.stream().filter(t -> !t.cancelled && !t.ran).toList();
            due.forEach(t -> t.ran = true);
        }
        due.forEach(t -> t.body.run());
        return due.size();
    }
}
