package com.securevox.call.janus;

import com.securevox.call.call.Scheduler;
import com.securevox.call.process.Backoff;
import com.securevox.call.process.ChildStartException;
import com.securevox.call.process.ChildSupervisor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Janus run by this server: its configuration written by {@link JanusConfigFiles} into its own directory, {@code janus
 * -F <dir> -C <dir>/janus.jcfg} supervised (restarted with back-off, its lines forwarded to the {@code janus} logger),
 * and started only once its API answers as the Janus we configured, with the VideoRoom loaded. The secrets and the API
 * and Admin API ports are chosen per start and kept across restarts of the child, so the {@link #endpoint()} stays valid.
 */
public final class ManagedJanus {
    private static final Logger log = LoggerFactory.getLogger(ManagedJanus.class);
    private static final Logger janusLog = LoggerFactory.getLogger("janus");

    /** What an operator needs when Janus cannot run. */
    public static final String EXPECTED =
            "Janus installed, e.g. apt-get install janus, or SECUREVOX_CALL_JANUS_BIN" + " naming it";

    public static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    /** Warnings Janus gives about what we configured on purpose: worth a line, not a warning. */
    private static final List<String> EXPECTED_WARNINGS = List.of(
            "has been disabled, skipping", "Reclaim session timeouts have been disabled", "mDNS resolution disabled");
    /** Janus's problem lines kept for the message of a failed start. */
    private static final int KEPT_PROBLEMS = 5;

    private final ManagedJanusSettings settings;
    private final Scheduler scheduler;
    private final Clock clock;
    private final SecureRandom random;
    private final Duration readyTimeout;
    private final Deque<String> problems = new ArrayDeque<>();

    private volatile ChildSupervisor supervisor;
    private volatile JanusEndpoint endpoint;
    private volatile JanusAdminEndpoint adminEndpoint;
    private volatile JanusInfo info;
    private volatile int apiPort;
    private volatile URI url;
    private volatile String serverName;
    /** The pid of the child whose API last answered: a restarted child is not up until its API answers too. */
    private volatile long answeredPid = -1;

    public ManagedJanus(
            ManagedJanusSettings settings,
            Scheduler scheduler,
            Clock clock,
            SecureRandom random,
            Duration readyTimeout) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.readyTimeout = Objects.requireNonNull(readyTimeout, "readyTimeout");
    }

    /**
     * Writes the configuration, starts Janus and waits until its API answers. Called once.
     *
     * @throws ChildStartException naming what is wrong: Janus not installed, its API port taken, its configuration
     *     not writable, its VideoRoom missing, or no answer in time (with Janus's last complaints)
     */
    public void start() {
        String program = settings.binary().toString();
        endLeftover(settings.dir()); // first: it may hold the API port
        int port = settings.apiPort() == 0 ? freePort(program) : requireFree(program, settings.apiPort());
        ManagedJanusSettings run = settings.onPort(port);
        int adminPort = freePort(program);
        while (adminPort == port) { // an explicit API port the OS had free at this instant too
            adminPort = freePort(program);
        }
        JanusSecrets secrets = JanusSecrets.random(random);
        try {
            JanusConfigFiles.write(
                    run.dir(), JanusConfigFiles.render(run, adminPort, secrets, JanusModules.near(run.binary())));
        } catch (IOException e) {
            throw new ChildStartException(
                    program,
                    "cannot write its configuration in " + run.dir() + ": " + e.getMessage(),
                    "a data directory this user can write, SECUREVOX_CALL_DATA_DIR",
                    e);
        }
        ChildSupervisor child = new ChildSupervisor(
                List.of(
                        program,
                        "-F",
                        run.dir().toString(),
                        "-C",
                        run.dir().resolve(JanusConfigFiles.CORE).toString()),
                EXPECTED,
                scheduler,
                clock,
                Backoff.DEFAULT,
                this::forward,
                this::launched);
        supervisor = child;
        url = URI.create("ws://127.0.0.1:" + port + "/");
        serverName = secrets.serverName();
        child.start();
        try {
            info = awaitReady(child, url, secrets.serverName());
        } catch (ChildStartException e) {
            child.stop();
            throw e;
        }
        answeredPid = child.pid().orElse(-1L);
        apiPort = port;
        endpoint = new JanusEndpoint(url, secrets.apiSecret(), secrets.adminKey());
        adminEndpoint = new JanusAdminEndpoint(URI.create("ws://127.0.0.1:" + adminPort + "/"), secrets.adminSecret());
        log.info(
                "managed Janus {} pid={} api={} rtp ports {}-{}{}",
                info.version(),
                child.pid().map(String::valueOf).orElse("?"),
                url,
                run.rtpLow(),
                run.rtpHigh(),
                run.publicIp().map(ip -> " public ip " + ip).orElse(""));
    }

    /** Whether the Janus child is alive right now (false before {@link #start()} and after {@link #stop()}). */
    public boolean running() {
        ChildSupervisor child = supervisor;
        return child != null && child.running();
    }

    /** Whether the child runs and its API has answered since it was (re)started. */
    public boolean answering() {
        ChildSupervisor child = supervisor;
        return child != null && child.pid().map(pid -> pid == answeredPid).orElse(false);
    }

    /** Whether {@link #start()} finished: Janus answered once. */
    public boolean started() {
        return endpoint != null;
    }

    /** Restarts of the child since start. */
    public long restarts() {
        ChildSupervisor child = supervisor;
        return child == null ? 0 : child.restarts();
    }

    public Optional<Long> pid() {
        ChildSupervisor child = supervisor;
        return child == null ? Optional.empty() : child.pid();
    }

    /** Where the API is and its secrets, once started. */
    public Optional<JanusEndpoint> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** Where its Admin API is (loopback, a port chosen per start) and its secret, once started. */
    public Optional<JanusAdminEndpoint> adminEndpoint() {
        return Optional.ofNullable(adminEndpoint);
    }

    /** What Janus said of itself at start (its version), once started. */
    public Optional<JanusInfo> info() {
        return Optional.ofNullable(info);
    }

    /** The API port of this start (0 before it). */
    public int apiPort() {
        return apiPort;
    }

    public ManagedJanusSettings settings() {
        return settings;
    }

    /** Stops Janus for good (SIGTERM, then SIGKILL). Safe to call more than once, and before {@link #start()}. */
    public void stop() {
        ChildSupervisor child = supervisor;
        if (child != null) {
            child.stop();
        }
    }

    /** A restarted child: watch for its API on a thread of its own (the supervisor's monitor is held here). */
    private void launched(long pid) {
        if (endpoint == null) {
            return; // the first child: start() waits for it
        }
        Thread.ofVirtual().name("janus-answer-" + pid).start(() -> awaitAnswer(pid));
    }

    private void awaitAnswer(long pid) {
        Instant deadline = clock.instant().plus(readyTimeout);
        try (JanusProbe probe = new JanusProbe(PROBE_TIMEOUT)) {
            while (pid().map(current -> current == pid).orElse(false)
                    && clock.instant().isBefore(deadline)) {
                if (probe.info(url)
                        .filter(answer -> answer.serverName().equals(serverName))
                        .isPresent()) {
                    answeredPid = pid;
                    log.info("Janus pid={} answers again on {}", pid, url);
                    return;
                }
                LockSupport.parkNanos(POLL.toNanos());
            }
        }
        if (pid().map(current -> current == pid).orElse(false)) {
            log.warn("Janus pid={} did not answer on {} within {} s", pid, url, readyTimeout.toSeconds());
        }
    }

    /** Polls Janus's API until it answers, the child dies, or the deadline passes. */
    private JanusInfo awaitReady(ChildSupervisor child, URI url, String serverName) {
        String program = child.program();
        Instant deadline = clock.instant().plus(readyTimeout);
        try (JanusProbe probe = new JanusProbe(PROBE_TIMEOUT)) {
            while (true) {
                if (!child.running()) {
                    throw new ChildStartException(
                            program, "it exited before its API answered" + complaints(), EXPECTED);
                }
                Optional<JanusInfo> answer = probe.info(url);
                if (answer.isPresent()) {
                    return checked(program, url, serverName, answer.get());
                }
                if (clock.instant().isAfter(deadline)) {
                    throw new ChildStartException(
                            program,
                            "its API at " + url + " did not answer within " + readyTimeout.toSeconds() + " s"
                                    + complaints(),
                            "Janus answering on its WebSocket transport");
                }
                LockSupport.parkNanos(POLL.toNanos());
            }
        }
    }

    private JanusInfo checked(String program, URI url, String serverName, JanusInfo answer) {
        if (!answer.serverName().equals(serverName)) {
            throw new ChildStartException(
                    program,
                    url + " answers as another Janus (" + answer.serverName() + ")",
                    "a free SECUREVOX_CALL_SFU_API_PORT");
        }
        if (!answer.plugins().contains(JanusInfo.VIDEOROOM)) {
            throw new ChildStartException(
                    program,
                    "its VideoRoom plugin (" + JanusModules.VIDEOROOM + ") did not load" + complaints(),
                    "Janus with its VideoRoom plugin, e.g. apt-get install janus");
        }
        if (!answer.apiSecret()) {
            throw new ChildStartException(
                    program, "its API does not require the secret", "a Janus that reads api_secret from janus.jcfg");
        }
        Set<String> others = new java.util.TreeSet<>(answer.plugins());
        others.remove(JanusInfo.VIDEOROOM);
        if (!others.isEmpty()) {
            log.warn("Janus loaded plugins we do not use and could not disable by name: {}", others);
        }
        return answer;
    }

    private String complaints() {
        synchronized (problems) {
            return problems.isEmpty() ? "" : "; it said: " + String.join(" | ", problems);
        }
    }

    private void forward(String line) {
        String message = line.stripTrailing();
        if (message.isBlank()) {
            return;
        }
        if (message.startsWith("[FATAL]") || message.startsWith("[ERR]")) {
            synchronized (problems) {
                if (problems.size() == KEPT_PROBLEMS) {
                    problems.removeFirst();
                }
                problems.addLast(message);
            }
            janusLog.warn("{}", message);
        } else if (message.startsWith("[WARN]") && EXPECTED_WARNINGS.stream().noneMatch(message::contains)) {
            janusLog.warn("{}", message);
        } else {
            janusLog.info("{}", message);
        }
    }

    /**
     * Ends a Janus an earlier run of this server left behind when it died without stopping it (SIGKILL, out of
     * memory): the pid file in {@code dir} names it, and it is ended only if it runs with this directory's
     * configuration, so a recycled pid is never another program's.
     */
    private static void endLeftover(Path dir) {
        Path pidFile = dir.resolve(JanusConfigFiles.PID_FILE);
        Optional<ProcessHandle> leftover;
        try {
            leftover = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()));
        } catch (IOException | NumberFormatException e) {
            return; // none: the last Janus stopped, or never ran here
        }
        String configuration = dir.resolve(JanusConfigFiles.CORE).toString();
        leftover.filter(ProcessHandle::isAlive)
                .filter(p -> p.info()
                        .arguments()
                        .map(args -> List.of(args).contains(configuration))
                        .orElse(false))
                .ifPresent(p -> {
                    log.warn("ending Janus pid={} left running by an earlier run with {}", p.pid(), configuration);
                    p.destroy();
                    try {
                        p.onExit().get(ChildSupervisor.STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (ExecutionException | TimeoutException e) {
                        p.destroyForcibly();
                    } catch (InterruptedException e) {
                        p.destroyForcibly();
                        Thread.currentThread().interrupt();
                    }
                });
    }

    /** A port on loopback nobody listens on now; Janus binds it a moment later (another program could win it). */
    private static int freePort(String program) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new ChildStartException(program, "no free port on 127.0.0.1 for its API", "a free loopback port", e);
        }
    }

    private static int requireFree(String program, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return port;
        } catch (IOException e) {
            throw new ChildStartException(
                    program,
                    "its API port " + port + " on 127.0.0.1 is taken",
                    "a free port in SECUREVOX_CALL_SFU_API_PORT, or none set for a free one chosen at start",
                    e);
        }
    }
}
