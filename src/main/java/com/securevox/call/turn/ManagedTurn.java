package com.securevox.call.turn;

import com.securevox.call.call.Scheduler;
import com.securevox.call.process.Backoff;
import com.securevox.call.process.ChildStartException;
import com.securevox.call.process.ChildSupervisor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * coturn run by this server: its configuration written to a private temporary directory (it holds the secret), and
 * {@code turnserver -c <file>} supervised, its lines forwarded to the {@code turnserver} logger.
 */
public final class ManagedTurn {
    private static final Logger log = LoggerFactory.getLogger(ManagedTurn.class);
    private static final Logger coturnLog = LoggerFactory.getLogger("turnserver");
    /** coturn prefixes its lines with seconds since start and a session column: {@code "12: : "}. */
    private static final Pattern PREFIX = Pattern.compile("^\\d+: [^:]*: ?");

    public static final String PROGRAM = "turnserver";
    /** What an operator needs when coturn cannot run. */
    static final String EXPECTED = "coturn installed, e.g. apt-get install coturn";

    private final CoturnSettings settings;
    private final Scheduler scheduler;
    private final Clock clock;
    private Path workDir;
    private ChildSupervisor supervisor;

    public ManagedTurn(CoturnSettings settings, Scheduler scheduler, Clock clock) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /**
     * Writes the configuration and starts coturn.
     *
     * @throws ChildStartException if coturn is not installed
     * @throws TurnException if the configuration cannot be written
     */
    public synchronized void start() {
        try {
            workDir = Files.createTempDirectory(
                    "securevox-turn-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path file = workDir.resolve("turnserver.conf");
            Files.writeString(file, CoturnConfig.render(settings, workDir), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TurnException("cannot write coturn's configuration: " + e.getMessage(), e);
        }
        supervisor = new ChildSupervisor(
                List.of(PROGRAM, "-c", workDir.resolve("turnserver.conf").toString()),
                EXPECTED,
                scheduler,
                clock,
                Backoff.DEFAULT,
                ManagedTurn::forward);
        try {
            supervisor.start();
        } catch (ChildStartException e) {
            deleteWorkDir();
            throw e;
        }
        log.info(
                "managed TURN on {}:{} (relay ports {}-{})",
                settings.relayIp(),
                settings.port(),
                settings.minRelayPort(),
                settings.maxRelayPort());
    }

    public synchronized boolean running() {
        return supervisor != null && supervisor.running();
    }

    public synchronized Optional<Long> pid() {
        return supervisor == null ? Optional.empty() : supervisor.pid();
    }

    /** Stops coturn and removes its directory. Safe to call more than once, and before {@link #start()}. */
    public void stop() {
        ChildSupervisor running;
        synchronized (this) {
            running = supervisor;
        }
        if (running != null) {
            running.stop();
        }
        synchronized (this) {
            deleteWorkDir();
        }
    }

    private void deleteWorkDir() {
        if (workDir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("cannot remove {}: {}", workDir, e.getMessage());
        }
        workDir = null;
    }

    private static void forward(String line) {
        String message = PREFIX.matcher(line).replaceFirst("");
        if (message.isBlank()) {
            return;
        }
        if (message.contains("ERROR")) {
            coturnLog.warn("{}", message);
        } else {
            coturnLog.info("{}", message);
        }
    }
}
