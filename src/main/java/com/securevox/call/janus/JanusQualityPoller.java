package com.securevox.call.janus;

import com.securevox.call.media.RoomId;
import com.securevox.call.quality.ServerViews;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's own view of SFU calls: every {@link #INTERVAL}, asks Janus's Admin API for the statistics of each
 * publisher's handle and hands what they say of its upload to the quality timelines. Runs on a virtual thread of its
 * own, never on an event loop or the Janus client's thread (which only lists the handles). A failing Admin API costs
 * only these points: it is logged once per change of state, shown by {@link #state()}, and tried again at the next
 * round; calls never wait for it.
 */
public final class JanusQualityPoller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JanusQualityPoller.class);
    public static final Duration INTERVAL = Duration.ofSeconds(5);

    /** Where the Admin API is, as the Health page says it. */
    public enum State {
        STARTING,
        UP,
        DOWN
    }

    private final Supplier<CompletionStage<List<PublisherHandle>>> publishers;
    private final JanusAdminClient admin;
    private final Function<RoomId, Optional<String>> sessionOf;
    private final ServerViews views;
    private final Clock clock;
    private final Duration interval;
    private final Map<Long, HandleStats> previous = new HashMap<>();
    private volatile State state = State.STARTING;
    private volatile String problem = "";
    private volatile boolean closed;
    private Thread thread;

    /**
     * @param publishers the gateway's publisher handles now ({@link JanusSfuGateway#publisherHandles()})
     * @param sessionOf the call (its session id) whose SFU room this is, while it is open
     */
    JanusQualityPoller(
            Supplier<CompletionStage<List<PublisherHandle>>> publishers,
            JanusAdminClient admin,
            Function<RoomId, Optional<String>> sessionOf,
            ServerViews views,
            Clock clock,
            Duration interval) {
        this.publishers = Objects.requireNonNull(publishers, "publishers");
        this.admin = Objects.requireNonNull(admin, "admin");
        this.sessionOf = Objects.requireNonNull(sessionOf, "sessionOf");
        this.views = Objects.requireNonNull(views, "views");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    /** A poller of {@code gateway}'s publishers through the Admin API at {@code endpoint}. */
    public static JanusQualityPoller of(
            JanusSfuGateway gateway,
            JanusAdminEndpoint endpoint,
            Function<RoomId, Optional<String>> sessionOf,
            ServerViews views,
            Clock clock) {
        return new JanusQualityPoller(
                gateway::publisherHandles,
                new JanusAdminClient(endpoint, HttpClient.newHttpClient(), Duration.ofSeconds(3)),
                sessionOf,
                views,
                clock,
                INTERVAL);
    }

    public synchronized void start() {
        if (thread == null) {
            thread = Thread.ofVirtual().name("janus-quality-poller").start(this::run);
        }
    }

    public State state() {
        return state;
    }

    /** Why the Admin API is down; empty when it is not. */
    public String problem() {
        return problem;
    }

    @Override
    public void close() {
        closed = true;
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null) {
            running.interrupt();
        }
        admin.close();
    }

    private void run() {
        while (!closed) {
            long next = System.nanoTime() + interval.toNanos();
            round();
            long wait;
            while (!closed && (wait = next - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
                if (Thread.interrupted()) {
                    return;
                }
            }
        }
    }

    /** One round: every publisher's statistics, or the reason there are none this time. */
    void round() {
        try {
            List<PublisherHandle> handles =
                    publishers.get().toCompletableFuture().get(interval.toMillis(), TimeUnit.MILLISECONDS);
            Set<Long> seen = new HashSet<>();
            for (PublisherHandle handle : handles) {
                seen.add(handle.handle());
                sample(handle);
            }
            previous.keySet().retainAll(seen);
            up();
        } catch (IOException | JanusProtocolException e) {
            down(e.getMessage());
        } catch (ExecutionException | TimeoutException e) {
            // The gateway could not list its publishers (Janus down): nothing to ask about.
            previous.clear();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sample(PublisherHandle handle) throws IOException {
        HandleStats now;
        try {
            now = admin.handleInfo(handle.session(), handle.handle());
        } catch (JanusErrorException e) {
            // The handle went away between the list and its info (the participant left): not a failure of the API,
            // unless Janus refused our secret.
            if (e.code() == JanusErrorException.UNAUTHORIZED) {
                throw new IOException("janus admin api refused our admin secret (" + e.getMessage() + ")", e);
            }
            previous.remove(handle.handle());
            return;
        }
        Instant at = clock.instant();
        UploadViews.view(Optional.ofNullable(previous.get(handle.handle())), now, at)
                .ifPresent(view -> sessionOf
                        .apply(handle.who().room())
                        .ifPresent(session ->
                                views.serverView(session, handle.who().userId(), view)));
        previous.put(handle.handle(), now);
    }

    private void up() {
        if (state != State.UP) {
            log.info("janus admin api: reading publishers' statistics every {} s", interval.toSeconds());
        }
        state = State.UP;
        problem = "";
    }

    private void down(String reason) {
        if (state != State.DOWN || !problem.equals(reason)) {
            log.warn("janus admin api: no server view of SFU calls' quality for now: {}", reason);
        }
        state = State.DOWN;
        problem = reason;
    }
}
