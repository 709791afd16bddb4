package com.securevox.call;

import com.securevox.call.app.App;
import com.securevox.call.app.Banner;
import com.securevox.call.app.JvmTuning;
import com.securevox.call.app.Logging;
import com.securevox.call.app.StartException;
import com.securevox.call.config.ConfigException;
import com.securevox.call.config.ConfigLoader;
import com.securevox.call.config.ServerConfig;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Loads the config, starts the app, waits for signals. Exit codes: 0 after a drain, 78 bad config, 70 (EX_SOFTWARE)
 * when the server cannot start (port taken, database unreachable), after one line on standard error naming what failed.
 */
public final class Main {
    private static final int EX_CONFIG = 78;
    private static final int EX_SOFTWARE = 70;
    /** How long a failed start may spend stopping what it had started before the process exits anyway. */
    private static final Duration STOP_AFTER_FAILED_START = Duration.ofSeconds(5);

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        // First, before any Netty class loads: Netty reads its switch once, and on a JVM not started with
        // --sun-misc-unsafe-memory-access=allow its use of sun.misc.Unsafe would make the JDK print a warning.
        JvmTuning.nettyNoUnsafe(
                        Optional.ofNullable(System.getProperty(JvmTuning.UNSAFE_MEMORY_ACCESS_PROPERTY)),
                        Optional.ofNullable(System.getProperty(JvmTuning.NETTY_NO_UNSAFE_PROPERTY)))
                .ifPresent(value -> System.setProperty(JvmTuning.NETTY_NO_UNSAFE_PROPERTY, value));
        ServerConfig config;
        App app;
        try {
            config = ConfigLoader.fromSystem();
            Logging.configure(config.logFormat());
            JvmTuning.untuned(
                            ManagementFactory.getRuntimeMXBean().getInputArguments(),
                            Optional.ofNullable(System.getProperty(JvmTuning.LAUNCHER_PROPERTY)))
                    .ifPresent(LoggerFactory.getLogger(Main.class)::warn);
            app = new App(config, Clock.systemUTC());
        } catch (ConfigException e) {
            System.err.println("securevox-call: cannot start, the configuration is invalid:");
            e.problems().forEach(problem -> System.err.println("  " + problem));
            System.exit(EX_CONFIG);
            return;
        } catch (Throwable e) {
            // The history database could not be opened or migrated, or anything else before a part had started.
            cannotStart(e);
            return;
        }
        // Signals rather than shutdown hooks: a drain must end in exit status 0, not 143. Handled from before the
        // start:
        // the JVM's own handling of a TERM that came while the parts started (or just after the banner, as a test
        // stops a server as soon as it answers) ended the process at once and left Janus and coturn running.
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger signals = new AtomicInteger();
        CountDownLatch stopped = new CountDownLatch(1);
        SignalHandler handler = signal -> {
            if (signals.getAndIncrement() > 0) {
                // A second signal, TERM or INT: stop waiting for calls. halt() skips the orderly stop, so the
                // supervised children (coturn, Janus) are ended here, or they would outlive us, holding their ports.
                ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
                Runtime.getRuntime().halt(1);
            }
            Thread.ofPlatform().name("securevox-drain").start(() -> {
                awaitStart(started); // a failed start exits on its own
                app.drainAndStop();
                stopped.countDown();
            });
        };
        Signal.handle(new Signal("TERM"), handler);
        if (Signal.handle(new Signal("INT"), handler) == SignalHandler.SIG_IGN) {
            // The JVM leaves a signal the parent ignores ignored (a background job of a non-interactive shell
            // ignores SIGINT), so Ctrl-C or kill -INT would do nothing: say what works.
            LoggerFactory.getLogger(Main.class)
                    .info("SIGINT is ignored (inherited from the parent process); stop with SIGTERM");
        }
        try {
            app.start();
        } catch (Throwable e) {
            // Whatever failed, the parts that had started (Netty's threads, coturn, the history writer) must not keep
            // the process alive without a port: stop them, within a bound, and exit.
            System.err.println("securevox-call: cannot start: " + StartException.describe(e));
            stopWithin(app, STOP_AFTER_FAILED_START);
            System.exit(EX_SOFTWARE);
            return;
        }
        started.countDown();
        Banner.print(config, app.port(), app.sfuSummary(), System.out);
        stopped.await();
        System.exit(0);
    }

    private static void awaitStart(CountDownLatch started) {
        boolean interrupted = false;
        while (true) {
            try {
                started.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void cannotStart(Throwable e) {
        System.err.println("securevox-call: cannot start: " + StartException.describe(e));
        System.exit(EX_SOFTWARE);
    }

    private static void stopWithin(App app, Duration limit) throws InterruptedException {
        Logger log = LoggerFactory.getLogger(Main.class);
        Thread stopping = Thread.ofPlatform().daemon().name("securevox-stop").start(() -> {
            try {
                app.stop();
            } catch (RuntimeException e) {
                log.warn("stopping after a failed start: {}", StartException.describe(e));
            }
        });
        stopping.join(limit);
    }
}
