package com.securevox.call.app;

import com.securevox.call.auth.CallTokens;
import com.securevox.call.auth.DjangoCallPolicy;
import com.securevox.call.auth.DjangoUserVerifier;
import com.securevox.call.call.CallRegistry;
import com.securevox.call.call.Scheduler;
import com.securevox.call.config.ServerConfig;
import com.securevox.call.ring.DevicePresence;
import com.securevox.call.ring.RingPush;
import com.securevox.call.ring.Rings;
import com.securevox.call.signaling.CallPermissions;
import com.securevox.call.signaling.Connections;
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
            BooleanSupplier draining) {
        policy = config.ring()
                .canCallUrl()
                .map(url ->
                        new DjangoCallPolicy(url, config.apiKey().value(), DjangoUserVerifier.Options.DEFAULT, clock));
        // No push provider in this version (the push package implements RingPush): a user without a live device
        // connection is unreachable.
        rings = new Rings(
                new DevicePresence(),
                new WireRingOutbox(connections),
                RingPush.NONE,
                userIds -> calls.snapshot().stream()
                        .flatMap(c -> c.participants().stream())
                        .filter(userIds::contains)
                        .collect(Collectors.toSet()),
                scheduler,
                clock,
                config.ring().timeout(),
                config.reconnectGrace(),
                config.tokenTtl());
        events = new RingEvents(
                rings,
                tokens,
                iceServers,
                policy.<CallPermissions>map(DjangoPermissions::new).orElse(CallPermissions.EVERYONE),
                draining,
                config.ring().invitesPerMinute(),
                clock);
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
