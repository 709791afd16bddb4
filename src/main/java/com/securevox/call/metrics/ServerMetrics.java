package com.securevox.call.metrics;

import com.securevox.call.call.CallFact;
import com.securevox.call.call.CallJournal;
import com.securevox.call.call.LeaveReason;
import com.securevox.call.httpapi.HttpMetrics;
import com.securevox.call.httpapi.MetricsScrape;
import com.securevox.call.signaling.ClientEventType;
import com.securevox.call.signaling.ErrorCode;
import com.securevox.call.signaling.SignalingMetrics;
import com.securevox.call.store.HistoryMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Every metric the server exports, in Prometheus names ({@code securevox_*} plus the JVM's). Counters with a closed
 * set of labels are made up front, so each shows 0 before anything happens and recording is one increment.
 */
public final class ServerMetrics
        implements SignalingMetrics, HttpMetrics, HistoryMetrics, CallJournal, MetricsScrape, AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Counter joins;
    private final Counter rateLimited;
    private final Counter historyDropped;
    private final Map<LeaveReason, Counter> leaves = new EnumMap<>(LeaveReason.class);
    // Filled from many threads as codes and types first occur.
    private final Map<ErrorCode, Counter> authFailures = new ConcurrentHashMap<>();
    private final Map<String, Counter> relayed = new ConcurrentHashMap<>();
    private final Timer handle;
    private final Timer callDuration;

    /**
     * @param node this node's id, the {@code node} label of every meter, so that the scrapes of several nodes can be
     *     told apart (and summed) without relying on the scraper's target labels
     */
    public ServerMetrics(String node) {
        // First, so that every meter, the JVM's included, carries it.
        registry.config().commonTags("node", node);
        // Binders such as Netty's leave some meters without a description, which makes an empty "# HELP name" line
        // that stricter text-format parsers refuse; their name, spelt out, is better than nothing.
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getDescription() != null && !id.getDescription().isBlank()) {
                    return id;
                }
                return new Meter.Id(
                        id.getName(),
                        Tags.of(id.getTags()),
                        id.getBaseUnit(),
                        id.getName().replace('.', ' '),
                        id.getType());
            }
        });
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        joins = Counter.builder("securevox.joins")
                .description("Successful join_call (new participants, reconnects and replaces)")
                .register(registry);
        rateLimited = Counter.builder("securevox.rate.limited")
                .description("Events refused with RATE_LIMITED")
                .register(registry);
        historyDropped = Counter.builder("securevox.history.dropped")
                .description("Call history records that never reached the database")
                .register(registry);
        for (LeaveReason reason : LeaveReason.values()) {
            leaves.put(
                    reason,
                    Counter.builder("securevox.leaves")
                            .description("Participants that left a call, by reason")
                            .tag("reason", reason.wireName())
                            .register(registry));
        }
        for (ErrorCode code : new ErrorCode[] {
            ErrorCode.INVALID_TOKEN, ErrorCode.TOKEN_EXPIRED, ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN
        }) {
            authFailures.put(code, authFailureCounter(code));
        }
        handle = Timer.builder("securevox.signaling.handle")
                .description("Time to handle one client event")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(20_000))
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry);
        for (ClientEventType type :
                new ClientEventType[] {ClientEventType.OFFER, ClientEventType.ANSWER, ClientEventType.ICE_CANDIDATE}) {
            relayed.put(type.wireName(), relayedCounter(type.wireName()));
        }
        callDuration = Timer.builder("securevox.call.duration")
                .description("How long calls lasted, from the first join to the last leave")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(1))
                .maximumExpectedValue(Duration.ofHours(8))
                .register(registry);
    }

    /** The live numbers, read when scraped (held strongly: Micrometer keeps only weak references to gauge state). */
    public void gauges(IntSupplier activeCalls, IntSupplier connectedSockets, IntSupplier authenticatedUsers) {
        Gauge.builder("securevox.active.calls", () -> activeCalls.getAsInt())
                .description("Calls with at least one participant")
                .register(registry);
        Gauge.builder("securevox.connected.sockets", () -> connectedSockets.getAsInt())
                .description("Open Socket.IO connections")
                .register(registry);
        Gauge.builder("securevox.authenticated.users", () -> authenticatedUsers.getAsInt())
                .description("Distinct users with at least one authenticated socket")
                .register(registry);
    }

    /**
     * TURN credentials minted since start, read from {@code source} at each scrape. The registry keeps only a weak
     * reference to it: the caller holds {@code source} for the server's life.
     */
    public <T> void turnCredentialsMinted(T source, ToDoubleFunction<T> minted) {
        FunctionCounter.builder("securevox.turn.credentials.minted", source, minted)
                .description("TURN credentials minted for participants (token responses and joins)")
                .register(registry);
    }

    /**
     * The SFU: whether it is up (1 or 0), the restarts of a managed Janus, and the rooms, publishers and subscribers
     * it forwards for now, each read at every scrape (the suppliers are held by the meters).
     */
    public void sfu(
            BooleanSupplier up,
            LongSupplier restarts,
            IntSupplier rooms,
            IntSupplier publishers,
            IntSupplier subscribers) {
        Gauge.builder("securevox.sfu.up", () -> up.getAsBoolean() ? 1 : 0)
                .description("Whether the SFU answers (1) or not (0); 0 when there is none")
                .register(registry);
        // The counter holds its object weakly and its function strongly: this registry's owner lives as long.
        FunctionCounter.builder("securevox.sfu.restarts", this, metrics -> restarts.getAsLong())
                .description("Restarts of the managed Janus since start")
                .register(registry);
        Gauge.builder("securevox.sfu.rooms", () -> rooms.getAsInt())
                .description("SFU rooms open now")
                .register(registry);
        Gauge.builder("securevox.sfu.publishers", () -> publishers.getAsInt())
                .description("Participants publishing media to the SFU now")
                .register(registry);
        Gauge.builder("securevox.sfu.subscribers", () -> subscribers.getAsInt())
                .description("Participants receiving media from the SFU now")
                .register(registry);
    }

    /** A webhook delivery attempt and how it ended: {@code delivered}, {@code retried} or {@code dead_lettered}. */
    public void webhookAttempt(String outcome) {
        Counter.builder("securevox.webhook.deliveries")
                .description("Webhook delivery attempts by outcome")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /** Webhook events dropped because their queue was full, read from {@code source} (held by the caller). */
    public <T> void webhookDropped(T source, ToDoubleFunction<T> dropped) {
        FunctionCounter.builder("securevox.webhook.dropped", source, dropped)
                .description("Webhook events dropped because the queue to the outbox was full")
                .register(registry);
    }

    /**
     * 1 while this node delivers the webhook outbox (the one node of those sharing it that leads), else 0, read from
     * {@code source} (held by the caller), which must answer without blocking: a scrape does not wait on the database.
     */
    public <T> void webhookLeading(T source, Predicate<T> leading) {
        Gauge.builder("securevox.webhook.leading", source, s -> leading.test(s) ? 1 : 0)
                .description("1 on the node that delivers the webhook outbox, 0 on the others")
                .register(registry);
    }

    /** For binders that live elsewhere (the transport's Netty metrics) and for metrics added later. */
    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void joined() {
        joins.increment();
    }

    @Override
    public void relayed(String type) {
        relayed.computeIfAbsent(type, this::relayedCounter).increment();
    }

    @Override
    public void authFailed(ErrorCode code) {
        authFailures.computeIfAbsent(code, this::authFailureCounter).increment();
    }

    @Override
    public void rateLimited() {
        rateLimited.increment();
    }

    @Override
    public void handled(long nanos) {
        handle.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void request(String route, int status) {
        Counter.builder("securevox.http.requests")
                .description("HTTP requests, by route and status code")
                .tag("route", route)
                .tag("code", Integer.toString(status))
                .register(registry)
                .increment();
    }

    @Override
    public void dropped(int records) {
        historyDropped.increment(records);
    }

    @Override
    public void record(CallFact fact) {
        switch (fact) {
            case CallFact.ParticipantLeft left -> leaves.get(left.reason()).increment();
            case CallFact.CallEnded ended -> callDuration.record(Duration.between(ended.startedAt(), ended.at()));
            case CallFact.CallStarted started -> {
                // Counted by the active-calls gauge.
            }
            case CallFact.CallResumed resumed -> {
                // Counted by the active-calls and participants gauges, which the registry raised as it took it over.
            }
            case CallFact.ParticipantJoined joined -> {
                // Counted where join_call is handled, with reconnects.
            }
            case CallFact.ParticipantUpdated updated -> {
                // Counted as a client event where mute_audio and mute_video are handled.
            }
            case CallFact.ParticipantAway away -> {
                // Counted by the disconnects where sockets close.
            }
            case CallFact.ParticipantBack back -> {
                // Counted as a reconnect where join_call is handled.
            }
        }
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    private Counter authFailureCounter(ErrorCode code) {
        return Counter.builder("securevox.auth.failures")
                .description("Sockets that failed to authenticate, by error code")
                .tag("code", code.name())
                .register(registry);
    }

    private Counter relayedCounter(String type) {
        return Counter.builder("securevox.relayed.messages")
                .description("Signals relayed between participants, by event")
                .tag("type", type)
                .register(registry);
    }
}
