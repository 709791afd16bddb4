package com.securevox.call.push;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * APNs through Pushy, with token authentication: one long-lived client per environment (a device token belongs to
 * one; the key serves both), sharing one event loop thread that this class owns. A ring goes to a VoIP device as a VoIP push
 * ({@code apns-push-type: voip}, topic {@code <bundle>.voip}, priority 10, expiring when the ring ends); a stop goes
 * to an ordinary device as an alert or background push, never as VoIP (iOS kills an app that does not report a VoIP
 * push to CallKit).
 */
final class ApnsPush implements PushProvider {
    private static final Logger log = LoggerFactory.getLogger(ApnsPush.class);
    static final String PRODUCTION_HOST = ApnsClientBuilder.PRODUCTION_APNS_HOST;
    static final String SANDBOX_HOST = ApnsClientBuilder.DEVELOPMENT_APNS_HOST;
    /** How long a stop may wait in APNs for an offline phone. */
    static final Duration STOP_EXPIRY = Duration.ofHours(1);

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Map<ApnsEnvironment, ApnsClient> clients;
    private final EventLoopGroup eventLoop;
    private final String defaultTopic;
    private final Clock clock;

    private ApnsPush(
            Map<ApnsEnvironment, ApnsClient> clients, EventLoopGroup eventLoop, String defaultTopic, Clock clock) {
        this.clients = clients;
        this.eventLoop = eventLoop;
        this.defaultTopic = defaultTopic;
        this.clock = clock;
    }

    /**
     * @throws PushSetupException naming the setting when the key cannot be read or a client cannot be made
     */
    static ApnsPush create(ApnsSettings settings, Clock clock) {
        ApnsSigningKey key;
        try {
            key = ApnsSigningKey.loadFromPkcs8File(settings.key().toFile(), settings.teamId(), settings.keyId());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new PushSetupException(
                    "SECUREVOX_CALL_APNS_KEY: " + settings.key()
                            + " is not a readable APNs signing key (expected: the .p8 file from Apple's developer account,"
                            + " a PKCS#8 EC P-256 key): " + e.getMessage(),
                    e);
        }
        Map<ApnsEnvironment, ApnsClient> clients = new EnumMap<>(ApnsEnvironment.class);
        // Ours rather than one Pushy makes per client: Pushy shuts its own down with Netty's default 2 s quiet period,
        // one after the other, which every stop of the server (and every test) waited out.
        EventLoopGroup eventLoop = new NioEventLoopGroup(1);
        try {
            for (ApnsEnvironment environment : ApnsEnvironment.values()) {
                ApnsClientBuilder builder =
                        new ApnsClientBuilder().setSigningKey(key).setEventLoopGroup(eventLoop);
                if (settings.server().isPresent()) {
                    builder.setApnsServer(
                            settings.server().get().host(),
                            settings.server().get().port());
                } else {
                    builder.setApnsServer(
                            switch (environment) {
                                case SANDBOX -> SANDBOX_HOST;
                                case PRODUCTION -> PRODUCTION_HOST;
                            });
                }
                if (settings.trustedCertificates().isPresent()) {
                    builder.setTrustedServerCertificateChain(
                            settings.trustedCertificates().get().toFile());
                }
                clients.put(environment, builder.build());
            }
        } catch (IOException | RuntimeException e) {
            close(clients.values(), eventLoop);
            throw new PushSetupException(
                    "SECUREVOX_CALL_APNS_CA: cannot make an APNs client with it (expected: PEM" + " certificates): "
                            + e.getMessage(),
                    e);
        }
        return new ApnsPush(clients, eventLoop, settings.topic(), clock);
    }

    @Override
    public String name() {
        return "apns";
    }

    @Override
    public boolean serves(Platform platform) {
        return platform.apple();
    }

    @Override
    public CompletionStage<Delivery> send(Device device, PushMessage message) {
        Optional<SimpleApnsPushNotification> notification = notification(device, message);
        if (notification.isEmpty()) {
            return CompletableFuture.completedFuture(new Delivery.Failed("NOT_FOR_THIS_DEVICE"));
        }
        ApnsClient client = clients.get(device.environment().orElse(ApnsEnvironment.PRODUCTION));
        try {
            return client.sendNotification(notification.get())
                    .handle((response, failure) -> failure != null
                            ? new Delivery.Retry("IO_ERROR", Optional.empty())
                            : delivery(device, response));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Delivery.Retry("IO_ERROR", Optional.empty()));
        }
    }

    /** The push for this device, if this message is ever sent to it: rings to VoIP tokens, stops to ordinary ones. */
    Optional<SimpleApnsPushNotification> notification(Device device, PushMessage message) {
        String topic = device.appId().orElse(defaultTopic);
        return switch (message) {
            case PushMessage.Ring ring -> {
                if (device.platform() != Platform.APNS_VOIP
                        || !clock.instant().isBefore(ring.ring().expiresAt())) {
                    yield Optional.empty();
                }
                yield Optional.of(new SimpleApnsPushNotification(
                        device.token(),
                        topic + ".voip",
                        ApnsPayloads.voip(ring.ring()),
                        ring.ring().expiresAt(),
                        DeliveryPriority.IMMEDIATE,
                        PushType.VOIP));
            }
            case PushMessage.Stop stop -> {
                if (device.platform() != Platform.APNS) {
                    yield Optional.empty();
                }
                boolean alert = ApnsPayloads.alerts(stop.reason());
                yield Optional.of(new SimpleApnsPushNotification(
                        device.token(),
                        topic,
                        ApnsPayloads.stop(stop.ring(), stop.reason()),
                        clock.instant().plus(STOP_EXPIRY),
                        // Apple: background pushes must have priority 5.
                        alert ? DeliveryPriority.IMMEDIATE : DeliveryPriority.CONSERVE_POWER,
                        alert ? PushType.ALERT : PushType.BACKGROUND,
                        stop.ring().ringId().toString()));
            }
        };
    }

    private static Delivery delivery(Device device, PushNotificationResponse<?> response) {
        if (response.isAccepted()) {
            return new Delivery.Accepted();
        }
        String reason = response.getRejectionReason().orElse("HTTP_" + response.getStatusCode());
        return switch (reason) {
            case "BadDeviceToken", "DeviceTokenNotForTopic" -> new Delivery.Gone(reason, device.registeredAt());
            // Apple: stop using the token unless it was registered again after this time.
            case "Unregistered" ->
                new Delivery.Gone(
                        reason, response.getTokenInvalidationTimestamp().orElse(device.registeredAt()));
            case "TooManyRequests",
                    "TooManyProviderTokenUpdates",
                    "InternalServerError",
                    "ServiceUnavailable",
                    "Shutdown",
                    "IdleTimeout" -> new Delivery.Retry(reason, Optional.empty());
            case "TopicDisallowed",
                    "BadTopic",
                    "InvalidProviderToken",
                    "ExpiredProviderToken",
                    "MissingProviderToken",
                    "BadCertificate",
                    "BadCertificateEnvironment",
                    "Forbidden",
                    "MissingTopic" -> {
                log.error(
                        "apns: {} for device={}: the APNs key, team, key id or topic is wrong"
                                + " (check SECUREVOX_CALL_APNS_*)",
                        reason,
                        device);
                yield new Delivery.Failed(reason);
            }
            default -> {
                int status = response.getStatusCode();
                if (status == 429 || status == 500 || status == 503) {
                    yield new Delivery.Retry(reason, Optional.empty());
                }
                log.warn("apns: {} ({}) for device={}", reason, status, device);
                yield new Delivery.Failed(reason);
            }
        };
    }

    /** Closes both clients, then their event loop, each within a bound. */
    @Override
    public void close() {
        close(clients.values(), eventLoop);
    }

    private static void close(java.util.Collection<ApnsClient> clients, EventLoopGroup eventLoop) {
        try {
            for (ApnsClient client : clients) {
                try {
                    client.close().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    log.warn("apns: a client did not close within {}: {}", CLOSE_TIMEOUT, e.toString());
                }
            }
        } finally {
            // No quiet period: the clients closed their connections, so no task is still to come.
            if (!eventLoop
                    .shutdownGracefully(0, CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .awaitUninterruptibly(CLOSE_TIMEOUT.toMillis())) {
                log.warn("apns: the event loop did not stop within {}", CLOSE_TIMEOUT);
            }
        }
    }
}
