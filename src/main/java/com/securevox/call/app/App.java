package com.securevox.call.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.auth.ApiKeyVerifier;
import com.securevox.call.auth.CallTokens;
import com.securevox.call.auth.DjangoUserVerifier;
import com.securevox.call.call.CallHandover;
import com.securevox.call.call.CallJournal;
import com.securevox.call.call.CallPolicy;
import com.securevox.call.call.CallRegistry;
import com.securevox.call.call.CallSnapshot;
import com.securevox.call.call.Moderation;
import com.securevox.call.config.ConfigException;
import com.securevox.call.config.Mode;
import com.securevox.call.config.Secret;
import com.securevox.call.config.ServerConfig;
import com.securevox.call.httpapi.AdminAccess;
import com.securevox.call.httpapi.DatabaseHealth;
import com.securevox.call.httpapi.HttpApi;
import com.securevox.call.httpapi.Probes;
import com.securevox.call.httpapi.StaticFiles;
import com.securevox.call.httpapi.StatsSource;
import com.securevox.call.httpapi.UserVerifier;
import com.securevox.call.httpapi.WebhookDeliveries;
import com.securevox.call.janus.JanusSettings;
import com.securevox.call.janus.JanusSfuGateway;
import com.securevox.call.media.MediaPolicy;
import com.securevox.call.media.SfuCalls;
import com.securevox.call.metrics.PushMeters;
import com.securevox.call.metrics.ServerMetrics;
import com.securevox.call.push.DeviceRegistry;
import com.securevox.call.push.PushRinger;
import com.securevox.call.quality.CallTimeline;
import com.securevox.call.recording.RecordingCatalog;
import com.securevox.call.ring.RingJournal;
import com.securevox.call.ring.Rings;
import com.securevox.call.signaling.ClientEventDecoder;
import com.securevox.call.signaling.Connections;
import com.securevox.call.signaling.IceServers;
import com.securevox.call.signaling.NodeLinks;
import com.securevox.call.signaling.RoutedConnections;
import com.securevox.call.signaling.SignalingPolicy;
import com.securevox.call.signaling.SignalingService;
import com.securevox.call.signaling.WireMediaSignals;
import com.securevox.call.signaling.WireOutbox;
import com.securevox.call.store.DeliveryStatus;
import com.securevox.call.store.HistoryRecorder;
import com.securevox.call.store.HistoryStore;
import com.securevox.call.store.RecordingAnnouncer;
import com.securevox.call.store.RecordingNode;
import com.securevox.call.store.WebhookDelivery;
import com.securevox.call.store.WebhookOutbox;
import com.securevox.call.transport.SocketIoTransport;
import com.securevox.call.webhook.WebhookDispatcher;
import com.securevox.call.webhook.WebhookRecorder;
import com.securevox.call.webhook.WebhookSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part with plain constructors, starts them, drains and stops
 * them in reverse order. Nothing else in the code base wires things together.
 */
public final class App {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    private static final int MAX_PENDING_PER_PARTICIPANT = 1000;
    private static final Duration DRAIN_POLL = Duration.ofMillis(20);
    private static final int HISTORY_BATCH = 256;
    private static final Duration HISTORY_MAX_RETRY_PAUSE = Duration.ofSeconds(5);
    /** How long stopping waits for the history to be written before it drops (and counts) the rest. */
    private static final Duration HISTORY_FLUSH_TIMEOUT = Duration.ofSeconds(10);
    /** In {@code auto}, the participant count at which a call moves to the SFU. */
    private static final int SFU_FROM = 3;

    private final ServerConfig config;
    private final Clock clock;
    private final Drain drain = new Drain();
    private final ExecutorScheduler scheduler = new ExecutorScheduler();
    private final SocketIoTransport transport;
    private final SignalingService signaling;
    private final HttpApi api;
    private final Optional<DjangoUserVerifier> django;
    /** Calling a person: rings, their socket side, the call policy. */
    private final Ringing ringing;

    private final Turn turn;
    private final Sfu sfu;
    private final Cluster cluster;
    private final ServerMetrics metrics;
    private final HistoryStore history;
    private final HistoryRecorder recorder;
    private final CallRegistry calls;
    private final Optional<WebhookDispatcher> webhookDispatcher;
    private final Optional<WebhookRecorder> webhookRecorder;
    /** The recordings' rows, with the call history; their outcomes go through the webhook recorder when it is on. */
    private final RecordingCatalog recordingCatalog;

    private final Recordings recordings;
    /** The SFU side of calls; its state lives on this one thread. */
    private final ExecutorService mediaActor =
            Executors.newSingleThreadExecutor(Thread.ofVirtual().name("media").factory());

    private final SfuCalls media;
    /** The push devices, in the history database; registered over REST whether or not a provider is configured. */
    private final DeviceRegistry devices;
    /** Ringing's push port: wakes called phones through FCM and APNs; sends nothing without a provider. */
    private final PushRinger push;

    /** Call quality reports: timelines, MOS, histograms, alerts. */
    private final Quality quality;

    private final GatewaySlot gateway = new GatewaySlot();
    /** The gateway to Janus, once started. */
    private volatile Optional<JanusSfuGateway> janus = Optional.empty();

    /**
     * Makes every part and binds the port, which accepts nothing until {@link #start}.
     *
     * @throws ConfigException when the configured TLS files cannot serve (missing key, mismatch, expired)
     * @throws StartException when the port cannot be bound
     */
    public App(ServerConfig config, Clock clock) throws ConfigException {
        this.config = config;
        this.clock = clock;
        ObjectMapper json = new ObjectMapper();
        metrics = new ServerMetrics(config.cluster().nodeId());
        cluster = new Cluster(config.cluster(), config.reconnectGrace(), clock, metrics.registry());
        sfu = new Sfu(config.sfu(), scheduler, clock);
        turn = new Turn(config, sfu.mediaAddress(), scheduler, clock);
        IceServers iceServers = turn.iceServers();
        transport = ServerTransport.open(config, metrics.registry());
        // Bound now, accepting once start() has run: a client that comes while the history opens and the parts start
        // waits in the accept queue instead of being refused and backing off (a restart under its clients, issue 17).
        // A failure from here on ends the process (Main), which releases the port.
        listen(transport::listen);
        // With several nodes, a socket another node proxies here is reached over the node bus: everything that sends
        // to sockets goes through the routed connections. One node sends straight to the transport.
        Optional<RoutedConnections> routed = cluster.bus().map(bus -> new RoutedConnections(transport, bus));
        Connections connections = routed.<Connections>map(r -> r).orElse(transport);
        history = HistoryDatabases.open(config.database());
        recorder = new HistoryRecorder(history, metrics, config.historyQueue(), HISTORY_BATCH, HISTORY_MAX_RETRY_PAUSE);
        webhookDispatcher = config.webhook()
                .map(w -> new WebhookDispatcher(
                        history.webhooks(),
                        WebhookSettings.of(w.url(), w.secret().bytes(), w.retryWindow()),
                        clock,
                        outcome -> metrics.webhookAttempt(outcome.label())));
        webhookRecorder = webhookDispatcher.map(
                d -> new WebhookRecorder(history.webhooks(), json, config.historyQueue(), d::wake));
        webhookRecorder.ifPresent(r -> metrics.webhookDropped(r, WebhookRecorder::dropped));
        webhookDispatcher.ifPresent(d -> metrics.webhookLeading(d, WebhookDispatcher::leading));
        recordingCatalog = history.recordings(
                clock,
                webhookRecorder.map(RecordingAnnouncer.class::cast),
                new RecordingNode(
                        config.cluster().nodeId(), config.cluster().redis().isPresent()));
        devices = history.devices(clock);
        push = Pushes.ringer(config.push(), devices, new PushMeters(metrics.registry()), clock);
        recordings = new Recordings(config, recordingCatalog, json, clock);
        media = new SfuCalls(
                gateway,
                new WireMediaSignals(connections),
                recorder::mediaChanged,
                new MediaPolicy(config.media(), SFU_FROM, config.maxParticipants(), sfu.bitrate()),
                recordings.media(),
                scheduler,
                clock,
                mediaActor);
        recordings.watchDisk(media::stopAllRecordings);
        quality = new Quality(
                config.quality(),
                history.quality(),
                history.timeline(),
                history,
                webhookRecorder,
                metrics.registry(),
                clock,
                config.historyQueue());
        CallTimeline timeline = quality.timeline();
        CallJournal mediaJournal = media.journal();
        CallJournal clusterJournal = cluster.journal();
        CallJournal leaves = new LeaveLog();
        CallJournal journal = fact -> {
            metrics.record(fact);
            leaves.record(fact);
            recorder.record(fact);
            timeline.record(fact);
            webhookRecorder.ifPresent(w -> w.record(fact));
            mediaJournal.record(fact);
            clusterJournal.record(fact);
            cluster.membersChanged();
        };
        calls = new CallRegistry(
                clock,
                new CallPolicy(config.maxParticipants(), config.reconnectGrace(), MAX_PENDING_PER_PARTICIPANT),
                scheduler,
                media.observing(new WireOutbox(connections, iceServers)),
                journal);
        cluster.serve(new CallHandover(calls), connections, media::letGo, sessionId -> {
            recorder.moved(sessionId);
            timeline.moved(sessionId);
            webhookRecorder.ifPresent(w -> w.moved(sessionId));
        });
        CallTokens tokens = new CallTokens(config.jwtSecret().bytes(), config.tokenTtl(), clock);
        // What happens to rings goes to the history and joins its call's webhook stream (call.invited, invite.*).
        RingJournal rung = fact -> {
            recorder.record(fact);
            webhookRecorder.ifPresent(w -> w.record(fact));
            cluster.membersChanged(); // who rings, or accepted a ring, counts as busy on the other nodes
        };
        ringing = new Ringing(
                config,
                connections,
                calls,
                tokens,
                iceServers,
                scheduler,
                clock,
                drain::draining,
                push,
                rung,
                devices,
                cluster.bus(),
                cluster.home(),
                cluster.devices(),
                cluster.busyElsewhere(),
                cluster.glarePairs());
        // Busy across nodes: the other nodes read who is in this node's calls, ringing someone here, or about to join.
        Rings rings = ringing.rings();
        cluster.ringsServedElsewhere(rings::servedElsewhere);
        cluster.members(() -> java.util.stream.Stream.concat(
                        calls.snapshot().stream().flatMap(c -> c.participants().stream()), rings.engaged().stream())
                .collect(Collectors.toUnmodifiableSet()));
        signaling = new SignalingService(
                calls,
                tokens::verifyAny,
                connections,
                scheduler,
                clock,
                new SignalingPolicy(
                        config.authTimeout(),
                        config.eventRateLimit().perSecond(),
                        config.eventRateLimit().burst(),
                        iceServers),
                drain::draining,
                new ClientEventDecoder(json),
                metrics,
                media,
                ringing.events(),
                quality.service()::report,
                cluster.home(),
                routed.map(r -> new NodeLinks(cluster.bus().orElseThrow(), r, cluster::liveNodes)));
        metrics.gauges(signaling::activeCallCount, signaling::connectionCount, signaling::connectedUsers);
        metrics.turnCredentialsMinted(turn, t -> t.status().credentialsMinted());
        metrics.sfu(sfu::up, sfu::restarts, sfu::rooms, sfu::publishers, sfu::subscribers);
        // Without DJANGO_BACKEND_URL there is no verifier, and HttpApi refuses the Token scheme with 401.
        django = config.djangoVerifyUrl()
                .map(url -> new DjangoUserVerifier(url, DjangoUserVerifier.Options.DEFAULT, clock));
        StatsSource stats = new CallStats(signaling, media);
        api = new HttpApi(
                json,
                tokens,
                new ApiKeyVerifier(config.apiKey().value()),
                django.<UserVerifier>map(DjangoUsers::new),
                stats,
                new Probes(
                        stats,
                        drain::draining,
                        clock,
                        version(),
                        turn::status,
                        sfu::health,
                        () -> DatabaseHealth.of(
                                HistoryDatabases.kind(config.database()),
                                recorder.failedWrites(),
                                recorder.queued(),
                                recorder.dropped()),
                        cluster::health),
                clock,
                iceServers::forUser,
                StaticFiles.load(config.demo()),
                config.mode() == Mode.DEVELOPMENT,
                new HttpApi.Observability(
                        history,
                        metrics,
                        config.metricsToken().map(Secret::value),
                        metrics,
                        webhookDeliveries(history.webhooks(), webhookDispatcher, clock),
                        quality.source()),
                new HttpApi.Recordings(
                        recordingCatalog, config.recording().directory(), new SfuRecordingActions(media)),
                new Moderation(calls),
                Optional.of(ringing.rings()),
                devices,
                cluster.peers(id -> signaling.activeCalls().stream()
                        .anyMatch(c -> c.sessionId().equals(id))),
                new AdminAccess(
                        config.admin().password().map(Secret::value),
                        config.tls().isPresent(),
                        quality.service()::recentMos,
                        Optional.of(config.apiKey().value()),
                        history.adminSessions()));
    }

    /** The outbox for the API; a retried event is sent at once rather than at the dispatcher's next poll. */
    private static WebhookDeliveries webhookDeliveries(
            WebhookOutbox outbox, Optional<WebhookDispatcher> dispatcher, Clock clock) {
        return new WebhookDeliveries() {
            @Override
            public List<WebhookDelivery> list(Optional<DeliveryStatus> status, int limit) {
                return outbox.deliveries(status, limit);
            }

            @Override
            public boolean retry(String id) {
                boolean retried = outbox.retry(id, clock.instant());
                if (retried) {
                    dispatcher.ifPresent(WebhookDispatcher::wake);
                }
                return retried;
            }
        };
    }

    /**
     * Starts every part, accepting on the port (bound by the constructor) last.
     *
     * @throws RuntimeException naming what failed ({@link StartException} for the port); the caller then {@link
     *     #stop}s what had started
     */
    public void start() {
        cluster.start(); // first, and stopped last: calls will ask it who owns them
        turn.start(); // its exception names turnserver and what is wrong
        sfu.start(); // likewise for janus: missing or broken is an error, never a quiet fallback to mesh
        sfu.endpoint().ifPresent(endpoint -> {
            JanusSfuGateway connected = new JanusSfuGateway(
                    JanusSettings.of(
                            endpoint.url(),
                            Optional.of(endpoint.apiSecret()).filter(s -> !s.isEmpty()),
                            Optional.of(endpoint.adminKey()).filter(s -> !s.isEmpty())),
                    scheduler,
                    clock,
                    media);
            janus = Optional.of(connected);
            gateway.fill(connected);
            sfu.attach(connected, media::publishers, media::subscribers);
            sfu.watchQuality(connected, media::sessionOf, quality.service(), clock);
            // Rooms open on EngineReady; until the first connection the gateway is CONNECTING and calls stay a mesh.
            connected.connect();
        });
        recorder.start();
        quality.start();
        webhookDispatcher.ifPresent(WebhookDispatcher::start);
        webhookRecorder.ifPresent(WebhookRecorder::start);
        recordings.start();
        // A node cut off from Redis alone takes no new session either: nginx passes it to the next server (503).
        listen(() -> transport.start(signaling, api, () -> drain.draining() || cluster.cutOff()));
        // Announced once serving, with the port bound (the configured one may be 0).
        cluster.announce(config.host(), port(), config.tls().isPresent(), drain::draining, signaling::activeCallCount);
        signaling.linkNodes();
        log.info("serving on {}:{} mode={}", config.host(), port(), config.mode());
    }

    private void listen(Runnable bindOrServe) {
        try {
            bindOrServe.run();
        } catch (Exception e) {
            // Exception, not RuntimeException: Netty rethrows a failed bind's checked exception undeclared.
            throw StartException.listening(config.host(), config.port(), e);
        }
    }

    /** The SFU line of the start banner: its mode and, for a managed Janus, its version, pid and ports. */
    public String sfuSummary() {
        return sfu.describe();
    }

    /** The bound port: the configured one, or the one the OS chose for port 0. */
    public int port() {
        return transport.port();
    }

    public Drain.State state() {
        return drain.state();
    }

    /**
     * Refuses new work; with Redis, hands the calls in progress over to other nodes ({@link CallHandoff}); lets the
     * calls still here end (up to the drain timeout), then stops and closes every socket. Safe to call more than once.
     */
    public void drainAndStop() {
        if (drain.begin()) {
            log.info(
                    "draining calls={} connections={} timeout={}",
                    signaling.activeCallCount(),
                    signaling.connectionCount(),
                    config.drainTimeout());
            cluster.handOff(
                    calls.snapshot().stream().map(CallSnapshot::sessionId).toList(),
                    timeout -> recorder.written(timeout)
                            && webhookRecorder.map(w -> w.written(timeout)).orElse(true));
            // Members here of calls other nodes serve rejoin through another node (this one answers 503 to them): a
            // Socket.IO disconnect at the drain's end would stop their clients from reconnecting.
            signaling.reconnectProxied("this node drains");
            awaitUntil(() -> signaling.activeCallCount() == 0, config.drainTimeout());
            int remaining = signaling.activeCallCount();
            if (remaining > 0) {
                log.warn("drain timeout reached with {} calls in progress; closing them", remaining);
            } else {
                log.info("all calls ended");
            }
        }
        stop();
    }

    /** Stops in reverse order of start, except the sockets: they close last, as the process exits. */
    public void stop() {
        if (!drain.stop()) {
            return;
        }
        // Whoever is still in a call is recorded as drained before the sockets go, no faster than the writers take it.
        IntSupplier webhookRoom =
                () -> webhookRecorder.map(WebhookRecorder::room).orElse(Integer.MAX_VALUE);
        calls.endAll(new DrainPace(
                List.of(recorder::room, quality.timeline()::room, webhookRoom),
                Math.max(1, config.historyQueue() / 2),
                HISTORY_FLUSH_TIMEOUT));
        // The sockets stay open (new sessions and joins are refused) until the history and the webhooks are written:
        // their clients learn of the stop as the process exits, so on a restart they reconnect to the next process
        // after one back-off instead of retrying against this one and a closed port meanwhile (issue 17).
        api.close();
        // Pushes in flight are abandoned and Pushy's event loops end before the database they remove devices from.
        push.close();
        recordings.stopWatching();
        // The calls' rooms are closed by the actor's queued work; it ends before the SFU does.
        mediaActor.close();
        janus.ifPresent(JanusSfuGateway::close);
        sfu.stop();
        turn.stop();
        // Files of recordings that ended are made before the history and the webhooks close.
        recordings.close();
        quality.close();
        recorder.close(HISTORY_FLUSH_TIMEOUT);
        // Queued events are in the outbox before the dispatcher stops; what is undelivered goes after a restart.
        webhookRecorder.ifPresent(w -> w.close(HISTORY_FLUSH_TIMEOUT));
        webhookDispatcher.ifPresent(WebhookDispatcher::close);
        history.close();
        django.ifPresent(DjangoUserVerifier::close);
        transport.closeAll();
        // Let the close reach every client (long-polling ones fetch it) before the port closes.
        awaitUntil(() -> transport.connectionCount() == 0, SocketIoTransport.HARD_CLOSE_AFTER);
        transport.stop();
        ringing.close();
        signaling.unlinkNodes();
        cluster.stop();
        scheduler.close();
        metrics.close();
        log.info("stopped");
    }

    /** Polls a condition until it holds or the timeout passes. */
    private static void awaitUntil(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(DRAIN_POLL.toNanos());
        }
    }

    static String version() {
        String version = App.class.getPackage().getImplementationVersion();
        return version != null ? version : "1.0.0";
    }
}
