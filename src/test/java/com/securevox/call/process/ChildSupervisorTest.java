package com.securevox.call.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.testing.ManualScheduler;
import com.securevox.call.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The supervisor over real child processes ({@code sh}); restarts are fired by hand, so nothing sleeps. */
class ChildSupervisorTest {
    private static final String EXPECTED = "coturn installed, e.g. apt-get install coturn";
    private static final Backoff BACKOFF =
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(1));

    private final ManualScheduler scheduler = new ManualScheduler();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private ChildSupervisor supervisor;

    @AfterEach
    void stop() {
        if (supervisor != null) {
            supervisor.stop();
        }
    }

    private ChildSupervisor supervise(String script) {
        supervisor = new ChildSupervisor(List.of("sh", "-c", script), EXPECTED, scheduler, clock, BACKOFF, lines::add);
        return supervisor;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(5_000_000);
        }
    }

    private List<Duration> restartDelays() {
        return scheduler.tasks().stream().map(task -> task.delay).toList();
    }

    @Test
    void forwardsEveryOutputLineStandardErrorIncluded() {
        supervise("echo one; echo two >&2; exec sleep 60").start();

        await("both lines", () -> lines.size() == 2);
        assertThat(lines).containsExactlyInAnyOrder("one", "two");
        assertThat(supervisor.running()).isTrue();
        assertThat(supervisor.pid()).isPresent();
    }

    @Test
    void aChildThatKeepsDyingIsRestartedWithDoublingDelaysUpToTheMaximum() {
        supervise("echo started; exit 3").start();

        for (int death = 1; death <= 5; death++) {
            int expectedTasks = death;
            await("restart " + death + " scheduled", () -> scheduler.tasks().size() == expectedTasks);
            assertThat(supervisor.running()).isFalse();
            scheduler.firePending();
        }

        // The sixth run dies too, at once, and schedules the sixth restart: wait for it rather than race it.
        await("the sixth run's line", () -> lines.size() == 6);
        await("restart 6 scheduled", () -> scheduler.tasks().size() == 6);
        assertThat(restartDelays())
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(8));
        assertThat(supervisor.restarts()).isEqualTo(5);
    }

    @Test
    void aChildThatRanLongEnoughStartsOverFromTheFirstDelay() {
        supervise("exec sleep 60").start();
        long firstPid = supervisor.pid().orElseThrow();

        kill(firstPid);
        await("first restart scheduled", () -> scheduler.tasks().size() == 1);
        scheduler.firePending();
        await("running again", () -> supervisor.running());
        kill(supervisor.pid().orElseThrow());
        await("second restart scheduled", () -> scheduler.tasks().size() == 2);
        scheduler.firePending();
        await("running again", () -> supervisor.running());
        clock.advance(Duration.ofMinutes(1)); // stable now
        long thirdPid = supervisor.pid().orElseThrow();
        kill(thirdPid);
        await("third restart scheduled", () -> scheduler.tasks().size() == 3);

        assertThat(restartDelays())
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1));
        assertThat(thirdPid).isNotEqualTo(firstPid);
    }

    @Test
    void everyLaunchIsToldItsPid() {
        List<Long> pids = new CopyOnWriteArrayList<>();
        supervisor = new ChildSupervisor(
                List.of("sh", "-c", "exec sleep 60"), EXPECTED, scheduler, clock, BACKOFF, lines::add, pids::add);
        supervisor.start();
        long first = supervisor.pid().orElseThrow();

        kill(first);
        await("restart scheduled", () -> scheduler.tasks().size() == 1);
        scheduler.firePending();
        await("running again", () -> supervisor.running());

        assertThat(pids).containsExactly(first, supervisor.pid().orElseThrow());
    }

    @Test
    void stopEndsTheChildAndCallsOffAPendingRestart() {
        supervise("exec sleep 60").start();
        ProcessHandle child = ProcessHandle.of(supervisor.pid().orElseThrow()).orElseThrow();

        supervisor.stop();

        assertThat(child.isAlive()).isFalse();
        assertThat(supervisor.running()).isFalse();
        assertThat(scheduler.tasks()).isEmpty();
        supervisor.stop(); // twice is fine
    }

    @Test
    void stopWhileARestartIsPendingLeavesNothingRunning() {
        supervise("exit 1").start();
        await("restart scheduled", () -> scheduler.tasks().size() == 1);

        supervisor.stop();

        assertThat(scheduler.tasks().getFirst().cancelled()).isTrue();
        scheduler.tasks().getFirst().fire(); // a timer already running when stop came
        assertThat(supervisor.running()).isFalse();
        assertThat(supervisor.restarts()).isZero();
    }

    @Test
    void aProgramThatIsNotInstalledFailsWithAClearError() {
        supervisor = new ChildSupervisor(
                List.of("turnserver-not-installed-here", "-c", "x.conf"),
                EXPECTED,
                scheduler,
                clock,
                BACKOFF,
                lines::add);

        assertThatThrownBy(supervisor::start)
                .isInstanceOf(ChildStartException.class)
                .hasMessage("cannot run turnserver-not-installed-here: not found on PATH"
                        + " (expected: coturn installed, e.g. apt-get install coturn)");
    }

    @Test
    void aPathThatDoesNotExistIsNamedAsSuch() {
        supervisor = new ChildSupervisor(
                List.of("/nonexistent/janus"), "janus installed", scheduler, clock, BACKOFF, lines::add);

        assertThatThrownBy(supervisor::start)
                .isInstanceOf(ChildStartException.class)
                .hasMessage("cannot run /nonexistent/janus: no such file (expected: janus installed)");
    }

    @Test
    void backoffDelays() {
        assertThat(List.of(1, 2, 3, 4, 5, 60).stream().map(BACKOFF::delay).toList())
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(8));
        assertThatThrownBy(() -> BACKOFF.delay(0)).hasMessage("deathsInARow: 0 (expected: >= 1)");
    }

    private static void kill(long pid) {
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
        handle.destroyForcibly();
        await("pid " + pid + " gone", () -> !handle.isAlive());
    }
}
