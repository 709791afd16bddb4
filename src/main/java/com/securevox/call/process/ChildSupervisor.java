package com.securevox.call.process;

import com.securevox.call.call.Scheduler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one child process and keeps it running: its output lines go to {@code output}, and when it dies it is
 * started again after a {@link Backoff} delay measured on the injected {@link Scheduler} and {@link Clock} (so tests
 * drive restarts without sleeping). {@link #stop()} ends it for good: SIGTERM, then SIGKILL after a grace.
 *
 * <p>Thread-safe: the state is guarded by this object's monitor; exits are reported on a JDK thread and restarts run
 * on the scheduler's thread.
 */
public final class ChildSupervisor {
    private static final Logger log = LoggerFactory.getLogger(ChildSupervisor.class);
    /** How long a child has to end after SIGTERM before it gets SIGKILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final List<String> command;
    private final String expected;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Backoff backoff;
    private final Consumer<String> output;
    private final LongConsumer launched;

    private Process current;
    private Instant startedAt;
    private int deathsInARow;
    private long restarts;
    private boolean stopped;
    private Scheduler.Cancellable pendingRestart;

    /**
     * @param command the program and its arguments
     * @param expected what the operator needs for the program to run, named when it cannot ({@code coturn installed,
     *     e.g. apt-get install coturn})
     * @param output receives every line the child prints, standard error included, on a thread of its own
     */
    public ChildSupervisor(
            List<String> command,
            String expected,
            Scheduler scheduler,
            Clock clock,
            Backoff backoff,
            Consumer<String> output) {
        this(command, expected, scheduler, clock, backoff, output, pid -> {});
    }

    /**
     * @param launched told the pid of every child started, the first and each restart, with this supervisor's monitor
     *     held: it must return at once (start a thread for anything slow)
     */
    public ChildSupervisor(
            List<String> command,
            String expected,
            Scheduler scheduler,
            Clock clock,
            Backoff backoff,
            Consumer<String> output,
            LongConsumer launched) {
        this.command = List.copyOf(command);
        if (this.command.isEmpty()) {
            throw new IllegalArgumentException("command: empty (expected: a program and its arguments)");
        }
        this.expected = Objects.requireNonNull(expected, "expected");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.output = Objects.requireNonNull(output, "output");
        this.launched = Objects.requireNonNull(launched, "launched");
    }

    /**
     * Starts the child.
     *
     * @throws ChildStartException if the program cannot be run at all (not installed, not executable)
     */
    public synchronized void start() {
        if (stopped || current != null) {
            throw new IllegalStateException("already started");
        }
        try {
            launch();
        } catch (IOException e) {
            throw new ChildStartException(command.getFirst(), reason(e), expected, e);
        }
    }

    /** Whether the child is alive right now. */
    public synchronized boolean running() {
        return current != null && current.isAlive();
    }

    /** The child's pid while it runs. */
    public synchronized Optional<Long> pid() {
        return running() ? Optional.of(current.pid()) : Optional.empty();
    }

    /** Restarts since {@link #start()}. */
    public synchronized long restarts() {
        return restarts;
    }

    /** Stops the child for good and waits for it to exit. Safe to call more than once. */
    public void stop() {
        Process process;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (pendingRestart != null) {
                pendingRestart.cancel();
            }
            process = current;
        }
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} did not stop within {}; killing it", command.getFirst(), STOP_GRACE);
                process.destroyForcibly();
                process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        log.info("{} stopped pid={}", command.getFirst(), process.pid());
    }

    /** Called with the monitor held. */
    private void launch() throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        current = process;
        startedAt = clock.instant();
        log.info("{} started pid={}", command.getFirst(), process.pid());
        Thread.ofPlatform()
                .daemon()
                .name(command.getFirst() + "-output-" + process.pid())
                .start(() -> forward(process));
        process.onExit().thenAccept(this::exited);
        process.getOutputStream().close();
        launched.accept(process.pid());
    }

    private void forward(Process process) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.accept(line);
            }
        } catch (IOException e) {
            // The stream closes when the process dies; nothing more to forward.
        }
    }

    private synchronized void exited(Process process) {
        if (stopped || process != current) {
            return;
        }
        boolean wasStable = Duration.between(startedAt, clock.instant()).compareTo(backoff.stableAfter()) >= 0;
        deathsInARow = wasStable ? 1 : deathsInARow + 1;
        scheduleRestart(command.getFirst() + " exited with status " + process.exitValue());
    }

    /** Called with the monitor held. */
    private void scheduleRestart(String why) {
        Duration delay = backoff.delay(deathsInARow);
        log.warn("{}; restarting in {} ms", why, delay.toMillis());
        pendingRestart = scheduler.schedule(delay, this::restart);
    }

    private synchronized void restart() {
        if (stopped) {
            return;
        }
        pendingRestart = null;
        restarts++;
        try {
            launch();
        } catch (IOException e) {
            deathsInARow++;
            scheduleRestart("cannot run " + command.getFirst() + ": " + reason(e));
        }
    }

    /** The program, as the command names it: for messages. */
    public String program() {
        return command.getFirst();
    }

    private String reason(IOException e) {
        String message = Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
        // The JDK spells ENOENT "error=2," or "error: 2" depending on how it launches, and EACCES "error=13,".
        if (message.contains("error=2,") || message.contains("error: 2 ")) {
            return command.getFirst().contains("/") ? "no such file" : "not found on PATH";
        }
        if (message.contains("error=13,") || message.contains("error: 13 ")) {
            return "not executable (permission denied)";
        }
        return message;
    }
}
