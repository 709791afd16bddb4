package com.securevox.call.app;

import com.securevox.call.call.Scheduler;
import com.securevox.call.config.SfuSettings;
import com.securevox.call.httpapi.SfuHealth;
import com.securevox.call.janus.JanusAdminEndpoint;
import com.securevox.call.janus.JanusEndpoint;
import com.securevox.call.janus.JanusQualityPoller;
import com.securevox.call.janus.JanusSfuGateway;
import com.securevox.call.janus.ManagedJanus;
import com.securevox.call.janus.ManagedJanusSettings;
import com.securevox.call.media.RoomId;
import com.securevox.call.media.SfuGateway;
import com.securevox.call.media.SfuStatus;
import com.securevox.call.quality.ServerViews;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * The SFU part of the wiring: a managed Janus (configuration written, child supervised) or the endpoint of an
 * operator's Janus, what {@code /health}, the metrics and the banner say about it, and the address a managed coturn
 * must let relayed clients reach.
 *
 * <p>The gateway that speaks to Janus ({@code janus.JanusSfuGateway}) needs {@link #endpoint()}, known only once a
 * managed Janus has started, so it is {@link #attach attached} after {@link #start()}; until then rooms, publishers and
 * subscribers read 0.
 */
final class Sfu {
    private final SfuSettings settings;
    private final Optional<ManagedJanus> managed;
    private final Optional<String> mediaIp;
    private volatile Attached attached;
    private volatile JanusQualityPoller poller;

    /** What the gateway reports, once there is one. */
    private record Attached(SfuGateway gateway, IntSupplier publishers, IntSupplier subscribers) {}

    Sfu(SfuSettings settings, Scheduler scheduler, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        switch (settings) {
            case SfuSettings.Managed m -> {
                mediaIp = HostAddress.primary();
                managed = Optional.of(new ManagedJanus(
                        new ManagedJanusSettings(
                                m.binary(),
                                m.dir(),
                                m.apiPort(),
                                m.rtpPorts().low(),
                                m.rtpPorts().high(),
                                m.publicIp(),
                                mediaIp),
                        scheduler,
                        clock,
                        new SecureRandom(),
                        ManagedJanus.READY_TIMEOUT));
            }
            case SfuSettings.External e -> {
                mediaIp = Optional.empty();
                managed = Optional.empty();
            }
            case SfuSettings.Off o -> {
                mediaIp = Optional.empty();
                managed = Optional.empty();
            }
        }
    }

    /**
     * The address clients send a managed Janus's media to, as a managed coturn relays to it: the public address when
     * Janus is behind a 1:1 NAT, else the host address it gathers on; empty otherwise.
     */
    Optional<String> mediaAddress() {
        return settings instanceof SfuSettings.Managed m ? m.publicIp().or(() -> mediaIp) : Optional.empty();
    }

    /**
     * Starts a managed Janus and waits for its API; throws {@code ChildStartException} naming what is missing or
     * broken, never falling back to no SFU.
     */
    void start() {
        managed.ifPresent(ManagedJanus::start);
    }

    void stop() {
        JanusQualityPoller watching = poller;
        if (watching != null) {
            watching.close();
        }
        managed.ifPresent(ManagedJanus::stop);
    }

    /** Where the gateway connects: a managed Janus's once started, or the configured one; empty when off. */
    Optional<JanusEndpoint> endpoint() {
        return switch (settings) {
            case SfuSettings.Managed m -> managed.flatMap(ManagedJanus::endpoint);
            case SfuSettings.External e ->
                Optional.of(new JanusEndpoint(e.url(), e.apiSecret().value(), ""));
            case SfuSettings.Off o -> Optional.empty();
        };
    }

    /** Where Janus's Admin API is: a managed Janus's once started, an external one's when configured. */
    Optional<JanusAdminEndpoint> adminEndpoint() {
        return switch (settings) {
            case SfuSettings.Managed m -> managed.flatMap(ManagedJanus::adminEndpoint);
            case SfuSettings.External e ->
                e.admin().map(a -> new JanusAdminEndpoint(a.url(), a.secret().value()));
            case SfuSettings.Off o -> Optional.empty();
        };
    }

    /** The per-publisher bitrate cap for rooms, bits per second; 0 when off. */
    int bitrate() {
        return switch (settings) {
            case SfuSettings.Managed m -> m.bitrate();
            case SfuSettings.External e -> e.bitrate();
            case SfuSettings.Off o -> 0;
        };
    }

    /**
     * Hands over the gateway once it is built on {@link #endpoint()}: its status and rooms, and the participants
     * publishing to and receiving from it, then feed the health and the metrics.
     */
    void attach(SfuGateway gateway, IntSupplier publishers, IntSupplier subscribers) {
        attached = new Attached(
                Objects.requireNonNull(gateway, "gateway"),
                Objects.requireNonNull(publishers, "publishers"),
                Objects.requireNonNull(subscribers, "subscribers"));
    }

    /** {@code off}, {@code starting}, {@code up} or {@code down}. */
    String status() {
        Attached now = attached;
        return switch (settings) {
            case SfuSettings.Off o -> "off";
            case SfuSettings.External e ->
                now == null ? "starting" : wireName(now.gateway().status());
            case SfuSettings.Managed m -> {
                ManagedJanus janus = managed.orElseThrow();
                if (!janus.started()) {
                    yield "starting";
                }
                if (!janus.running()) {
                    yield "down";
                }
                if (!janus.answering()) {
                    yield "starting"; // restarted, its API not answering yet
                }
                yield now == null ? "up" : wireName(now.gateway().status());
            }
        };
    }

    boolean up() {
        return status().equals("up");
    }

    long restarts() {
        return managed.map(ManagedJanus::restarts).orElse(0L);
    }

    int rooms() {
        Attached now = attached;
        return now == null ? 0 : now.gateway().rooms();
    }

    int publishers() {
        Attached now = attached;
        return now == null ? 0 : now.publishers().getAsInt();
    }

    int subscribers() {
        Attached now = attached;
        return now == null ? 0 : now.subscribers().getAsInt();
    }

    SfuHealth health() {
        JanusQualityPoller watching = poller;
        return new SfuHealth(
                settings.mode().wireName(),
                status(),
                rooms(),
                restarts(),
                watching == null ? "off" : watching.state().name().toLowerCase(Locale.ROOT));
    }

    /**
     * Starts the server's own view of SFU calls' quality when Janus's Admin API is known: {@code gateway}'s
     * publishers' statistics every 5 s into {@code views}, each for the call {@code sessionOf} names for its room.
     */
    void watchQuality(
            JanusSfuGateway gateway, Function<RoomId, Optional<String>> sessionOf, ServerViews views, Clock clock) {
        adminEndpoint().ifPresent(endpoint -> {
            JanusQualityPoller started = JanusQualityPoller.of(gateway, endpoint, sessionOf, views, clock);
            poller = started;
            started.start();
        });
    }

    /** One line for the banner: the mode, and for a managed Janus its version, pid and ports. */
    String describe() {
        return switch (settings) {
            case SfuSettings.Off o -> "off (group calls are mesh; install janus for SFU calls)";
            case SfuSettings.External e -> "external, Janus at " + e.url();
            case SfuSettings.Managed m -> {
                ManagedJanus janus = managed.orElseThrow();
                yield "managed, Janus " + janus.info().map(i -> i.version()).orElse("?") + " pid "
                        + janus.pid().map(String::valueOf).orElse("?") + ", API 127.0.0.1:" + janus.apiPort()
                        + ", media UDP " + m.rtpPorts()
                        + mediaAddress().map(ip -> " on " + ip).orElse("");
            }
        };
    }

    private static String wireName(SfuStatus status) {
        return switch (status) {
            case UP -> "up";
            case CONNECTING -> "starting";
            case DOWN -> "down";
        };
    }
}
