package com.securevox.call.app;

import com.securevox.call.auth.CallTokens;
import com.securevox.call.auth.DjangoCallPolicy;
import com.securevox.call.auth.DjangoUserVerifier;
import com.securevox.call.call.CallRegistry;
import com.securevox.call.call.NodeBus;
import com.securevox.call.call.Scheduler;
import com.securevox.call.config.ServerConfig;
import com.securevox.call.push.AsyncDevices;
import com.securevox.call.push.Device;
import com.securevox.call.push.DeviceRegistration;
import com.securevox.call.push.DeviceRegistry;
import com.securevox.call.push.InvalidDeviceException;
import com.securevox.call.ring.BusyElsewhere;
import com.securevox.call.ring.DeviceDirectory;
import com.securevox.call.ring.DevicePresence;
import com.securevox.call.ring.GlarePairs;
import com.securevox.call.ring.RingJournal;
import com.securevox.call.ring.RingNodes;
import com.securevox.call.ring.RingPush;
import com.securevox.call.ring.Rings;
import com.securevox.call.ring.RungCalls;
import com.securevox.call.signaling.CallHome;
import com.securevox.call.signaling.CallPermissions;
import com.securevox.call.signaling.Connections;
import com.securevox.call.signaling.DeviceRegistrar;
import com.securevox.call.signaling.IceServers;
import com.securevox.call.signaling.RingEvents;
import com.securevox.call.signaling.WireRingOutbox;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Calling a person, wired: the rings, their socket side and the call policy. Part of the composition root, like
 * {@link Sfu} and {@link Turn}; {@link App} hands {@link #rings()} to the REST API and {@link #events()} to signaling.
 */
final class Ringing implements AutoCloseable {
    private final Rings rings;
    private final RingEvents events;
    /** Who may call whom, when SECUREVOX_CALL_DJANGO_CAN_CALL_PATH is set. */
    private final Optional<DjangoCallPolicy> policy;

    Ringing(
            ServerConfig config,
            Connections connections,
            CallRegistry calls,
            CallTokens tokens,
            IceServers iceServers,
            Scheduler scheduler,
            Clock clock,
            BooleanSupplier draining,
            RingPush push,
            RingJournal journal,
            DeviceRegistry devices,
            Optional<NodeBus> bus,
            CallHome home,
            DeviceDirectory directory,
            BusyElsewhere busyElsewhere,
            GlarePairs glare) {
        policy = config.ring()
                .canCallUrl()
                .map(url ->
                        new DjangoCallPolicy(url, config.apiKey().value(), DjangoUserVerifier.Options.DEFAULT, clock));
        WireRingOutbox outbox = new WireRingOutbox(connections, bus, home);
        rings = new Rings(
                new DevicePresence(),
                outbox,
                journal,
                push,
                userIds -> calls.snapshot().stream()
                        .flatMap(c -> c.participants().stream())
                        .filter(userIds::contains)
                        .collect(Collectors.toSet()),
                sessionId -> calls.snapshot().stream()
                        .filter(c -> c.sessionId().equals(sessionId))
                        .flatMap(c -> c.participants().stream())
                        .collect(Collectors.toSet()),
                scheduler,
                clock,
                config.ring().timeout(),
                config.reconnectGrace(),
                config.tokenTtl(),
                bus.isPresent() ? new RingNodes(directory, outbox, rungCalls(home)) : RingNodes.NONE);
        events = new RingEvents(
                rings,
                tokens,
                iceServers,
                policy.<CallPermissions>map(DjangoPermissions::new).orElse(CallPermissions.EVERYONE),
                registrar(devices),
                draining,
                config.ring().invitesPerMinute(),
                clock,
                home,
                directory,
                busyElsewhere,
                glare);
    }

    /** A rung call's lease is kept where its rings are: on the node that serves the call. */
    private static RungCalls rungCalls(CallHome home) {
        return new RungCalls() {
            @Override
            public void rung(String sessionId) {
                home.rung(sessionId);
            }

            @Override
            public void forgotten(String sessionId) {
                home.unrung(sessionId);
            }
        };
    }

    /** {@code register_device} over the push package's registry, on virtual threads (a socket event must not block). */
    private static DeviceRegistrar registrar(DeviceRegistry registry) {
        AsyncDevices async = new AsyncDevices(
                registry, task -> Thread.ofVirtual().name("device-registration").start(task));
        return (userId, platform, token, appId, environment) -> {
            DeviceRegistration registration;
            try {
                registration =
                        DeviceRegistration.of(userId, platform, token, appId.orElse(null), environment.orElse(null));
            } catch (InvalidDeviceException e) {
                throw new DeviceRegistrar.InvalidDevice(e.getMessage());
            }
            return async.register(registration).thenApply(Device::id);
        };
    }

    Rings rings() {
        return rings;
    }

    RingEvents events() {
        return events;
    }

    /** Aborts the call policy's requests in flight. */
    @Override
    public void close() {
        policy.ifPresent(DjangoCallPolicy::close);
    }
}
