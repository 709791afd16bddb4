package com.securevox.call.push;

import com.securevox.call.ring.PushRing;
import com.securevox.call.ring.RingPush;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ringing's {@link RingPush} over the device registry and the configured providers.
 *
 * <p>A ring goes to the user's FCM and APNs VoIP devices without a live device connection, each device its own chain
 * on a virtual thread: send, and while the ring lives (not stopped, not past its end) try again after a pause when the
 * provider asks for it. A device the provider calls dead is removed. A VoIP push goes to a device once per ring, and
 * never for a stop: a stop goes to the FCM devices that were pushed and, when a VoIP device was, to the user's
 * ordinary APNs devices.
 */
public final class PushRinger implements RingPush, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PushRinger.class);
    /** How long a stop is retried: it is only worth anything while the phone might still be ringing. */
    static final Duration STOP_WINDOW = Duration.ofSeconds(30);

    /**
     * How much of a ring a retried ring push must leave: one that reaches a phone later shows a call that ends before
     * anyone can answer it (FCM would deliver it with a ttl of 0 s). The first try goes while the ring lives.
     */
    static final Duration RING_LEFT_FOR_A_RETRY = Duration.ofSeconds(1);

    static final int REMEMBERED_RINGS = 10_000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final DeviceRegistry registry;
    private final List<PushProvider> providers;
    private final PushMetrics metrics;
    private final Clock clock;
    private final Retries retries;
    private final ExecutorService executor;
    private final PushedRings rings;
    private final String description;

    /**
     * @param providers the configured providers (none: every ring completes with 0)
     * @param executor runs lookups, removals and the sends' continuations: virtual threads
     */
    PushRinger(
            DeviceRegistry registry,
            List<PushProvider> providers,
            PushMetrics metrics,
            Clock clock,
            Retries retries,
            ExecutorService executor,
            String description) {
        this.description = description;
        this.registry = registry;
        this.providers = List.copyOf(providers);
        this.metrics = metrics;
        this.clock = clock;
        this.retries = retries;
        this.executor = executor;
        this.rings = new PushedRings(clock, REMEMBERED_RINGS);
    }

    /**
     * The ringer with the configured providers; with none it sends nothing and every ring completes with 0.
     *
     * @throws PushSetupException naming the setting when a provider's files cannot be read
     */
    public static PushRinger create(
            DeviceRegistry registry,
            Optional<FcmSettings> fcm,
            Optional<ApnsSettings> apns,
            PushMetrics metrics,
            Clock clock) {
        ExecutorService executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("push-", 0).factory());
        List<PushProvider> providers = new ArrayList<>();
        List<String> described = new ArrayList<>();
        try {
            if (fcm.isPresent()) {
                ServiceAccount account = serviceAccount(fcm.get().credentials());
                HttpClient.Builder builder = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_2)
                        .connectTimeout(CONNECT_TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NEVER);
                fcm.get().extraCertificates().map(FcmTrust::withExtra).ifPresent(builder::sslContext);
                HttpClient http = builder.build();
                providers.add(new FcmClient(account, fcm.get().base(), http, clock, executor));
                described.add(
                        "fcm (project " + account.projectId() + ", " + fcm.get().base() + ")");
            }
            if (apns.isPresent()) {
                providers.add(ApnsPush.create(apns.get(), clock));
                described.add("apns (topic " + apns.get().topic() + ", key "
                        + apns.get().keyId() + ")");
            }
        } catch (RuntimeException e) {
            providers.forEach(PushProvider::close);
            executor.close();
            throw e;
        }
        return new PushRinger(
                registry,
                providers,
                metrics,
                clock,
                Retries.DEFAULT,
                executor,
                described.isEmpty() ? "off (no provider configured)" : String.join(", ", described));
    }

    private static ServiceAccount serviceAccount(Path file) {
        byte[] json;
        try {
            json = Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            throw new PushSetupException("SECUREVOX_CALL_FCM_CREDENTIALS: " + file
                    + " cannot be read (expected: the service-account key JSON file): " + e);
        }
        try {
            return ServiceAccount.parse(json);
        } catch (IllegalArgumentException e) {
            throw new PushSetupException("SECUREVOX_CALL_FCM_CREDENTIALS: " + file + ": " + e.getMessage());
        }
    }

    /** The providers for the start-up banner and logs: which are on, never a key. */
    public String describe() {
        return description;
    }

    @Override
    public CompletionStage<Integer> ring(PushRing ring, String userId, Set<String> liveDeviceIds) {
        if (providers.isEmpty()) {
            // Nothing can be pushed: answered at once, so the invite's acknowledgement already says unreachable.
            return CompletableFuture.completedFuture(0);
        }
        try {
            return CompletableFuture.supplyAsync(() -> claimRing(ring, userId, liveDeviceIds), executor)
                    .thenCompose(claimed -> {
                        PushMessage message = new PushMessage.Ring(ring);
                        BooleanSupplier alive = () -> rings.alive(ring.ringId(), userId);
                        return count(claimed.stream()
                                .map(d -> deliver(d, message, ring.expiresAt(), alive))
                                .toList());
                    })
                    .exceptionally(e -> {
                        log.warn("push ring={} userId={}: cannot push: {}", ring.ringId(), userId, e.toString());
                        return 0;
                    });
        } catch (RejectedExecutionException e) {
            // Closed (stopping): nobody is pushed any more.
            return CompletableFuture.completedFuture(0);
        }
    }

    /** The user's devices to ring now: those a ring reaches, without a live connection, not pushed for it yet. */
    private List<Device> claimRing(PushRing ring, String userId, Set<String> liveDeviceIds) {
        List<Device> targets = registry.devices(userId).stream()
                .filter(d -> !liveDeviceIds.contains(d.id()))
                .filter(d -> d.platform() == Platform.FCM || d.platform() == Platform.APNS_VOIP)
                .filter(d -> provider(d).isPresent())
                .toList();
        return rings.claim(ring.ringId(), userId, ring.expiresAt(), targets);
    }

    @Override
    public void stopped(PushRing ring, String userId, StopReason reason) {
        try {
            executor.execute(() -> {
                try {
                    List<Device> pushed = rings.stop(ring.ringId(), userId, ring.expiresAt());
                    List<Device> targets = new ArrayList<>();
                    pushed.stream().filter(d -> d.platform() == Platform.FCM).forEach(targets::add);
                    if (pushed.stream().anyMatch(d -> d.platform() == Platform.APNS_VOIP)) {
                        registry.devices(userId).stream()
                                .filter(d -> d.platform() == Platform.APNS)
                                .forEach(targets::add);
                    }
                    Instant deadline = clock.instant().plus(STOP_WINDOW);
                    PushMessage message = new PushMessage.Stop(ring, reason);
                    for (Device device : targets) {
                        if (provider(device).isPresent()) {
                            // Fire and forget: each device's chain logs and counts its own outcome.
                            CompletableFuture<Boolean> unused = deliver(device, message, deadline, () -> true);
                        }
                    }
                } catch (RuntimeException e) {
                    log.warn("push ring={} userId={}: cannot push the stop: {}", ring.ringId(), userId, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            // Closed (stopping): the stop is not pushed.
        }
    }

    private static CompletableFuture<Integer> count(List<CompletableFuture<Boolean>> sends) {
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).thenApply(v ->
                (int) sends.stream().filter(CompletableFuture::join).count());
    }

    private Optional<PushProvider> provider(Device device) {
        return providers.stream().filter(p -> p.serves(device.platform())).findFirst();
    }

    /** One device's chain: completes with whether the provider accepted, never exceptionally. */
    private CompletableFuture<Boolean> deliver(
            Device device, PushMessage message, Instant deadline, BooleanSupplier alive) {
        PushProvider provider = provider(device).orElseThrow();
        return attempt(provider, device, message, deadline, alive, 1).exceptionally(e -> {
            log.warn("push {} device={}: {}", provider.name(), device, e.toString());
            return false;
        });
    }

    private CompletableFuture<Boolean> attempt(
            PushProvider provider,
            Device device,
            PushMessage message,
            Instant deadline,
            BooleanSupplier alive,
            int attempt) {
        if (!alive.getAsBoolean() || !clock.instant().isBefore(latestStart(message, deadline, attempt))) {
            return CompletableFuture.completedFuture(false);
        }
        CompletionStage<Delivery> sent;
        try {
            sent = provider.send(device, message);
        } catch (RuntimeException e) {
            sent = CompletableFuture.completedFuture(new Delivery.Retry("send_error", Optional.empty()));
        }
        // Off the provider's thread (Pushy's event loop) before touching the database or sending again.
        return sent.toCompletableFuture()
                .thenComposeAsync(
                        delivery -> {
                            metrics.push(provider.name(), Delivery.result(delivery), delivery.reason());
                            return switch (delivery) {
                                case Delivery.Accepted a -> CompletableFuture.completedFuture(true);
                                case Delivery.Gone gone -> {
                                    forget(provider, device, gone);
                                    yield CompletableFuture.completedFuture(false);
                                }
                                case Delivery.Failed failed -> {
                                    log.warn(
                                            "push {} {} refused device={}: {}",
                                            provider.name(),
                                            kind(message),
                                            device,
                                            failed.reason());
                                    yield CompletableFuture.completedFuture(false);
                                }
                                case Delivery.Retry retry -> {
                                    Optional<Duration> pause = retries.next(
                                            attempt,
                                            retry.after(),
                                            clock.instant(),
                                            latestStart(message, deadline, attempt + 1));
                                    if (pause.isEmpty()) {
                                        log.info(
                                                "push {} {} device={}: gave up after {} tries ({}): the ring is over",
                                                provider.name(),
                                                kind(message),
                                                device,
                                                attempt,
                                                retry.reason());
                                        yield CompletableFuture.completedFuture(false);
                                    }
                                    Executor later = CompletableFuture.delayedExecutor(
                                            pause.get().toMillis(), TimeUnit.MILLISECONDS, executor);
                                    yield CompletableFuture.supplyAsync(() -> null, later)
                                            .thenCompose(v ->
                                                    attempt(provider, device, message, deadline, alive, attempt + 1));
                                }
                            };
                        },
                        executor);
    }

    /** The latest instant the given try of this message may start. */
    private static Instant latestStart(PushMessage message, Instant deadline, int attempt) {
        return switch (message) {
            case PushMessage.Ring r -> attempt == 1 ? deadline : deadline.minus(RING_LEFT_FOR_A_RETRY);
            case PushMessage.Stop s -> deadline;
        };
    }

    private void forget(PushProvider provider, Device device, Delivery.Gone gone) {
        if (registry.forget(device, gone.registeredNoLaterThan())) {
            metrics.deviceRemoved(provider.name(), gone.reason());
            log.info("push {}: removed device={} ({})", provider.name(), device, gone.reason());
        } else {
            log.info(
                    "push {}: kept device={} ({}, but registered again since)", provider.name(), device, gone.reason());
        }
    }

    private static String kind(PushMessage message) {
        return switch (message) {
            case PushMessage.Ring r -> "ring=" + r.ring().ringId();
            case PushMessage.Stop s ->
                "stop=" + s.ring().ringId() + " reason=" + s.reason().wireName();
        };
    }

    /** Whether any provider is configured: without one, rings complete with 0 and nothing is sent. */
    public boolean enabled() {
        return !providers.isEmpty();
    }

    /** Stops sending; pushes in flight are abandoned, and the providers' connections closed. */
    @Override
    public void close() {
        executor.shutdownNow();
        providers.forEach(PushProvider::close);
    }
}
