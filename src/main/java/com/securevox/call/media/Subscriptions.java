package com.securevox.call.media;

import com.securevox.call.call.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of {@link SfuCalls}: what each member subscribes to, what each m-line of its subscriber
 * connection carries when the SFU offers, and the simulcast layer of every camera it receives. Confined to {@link SfuCalls}'s
 * thread.
 */
final class Subscriptions {
    private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);

    private final SfuGateway gateway;
    private final MediaSignals signals;
    private final Clock clock;
    private final SfuIndex index;
    private final Scheduler scheduler;
    private final Executor actor;
    /** The least time between two layer changes of one m-line. */
    static final Duration LAYER_HOLD = Duration.ofSeconds(2);

    Subscriptions(
            SfuGateway gateway,
            MediaSignals signals,
            Clock clock,
            SfuIndex index,
            Scheduler scheduler,
            Executor actor) {
        this.scheduler = scheduler;
        this.actor = actor;
        this.gateway = gateway;
        this.signals = signals;
        this.clock = clock;
        this.index = index;
    }

    void offered(MediaEvent.SubscriberOffer offer) {
        Optional<SfuMember> found = index.member(offer.participant());
        if (found.isEmpty()) {
            return; // an offer for a presence that has ended since
        }
        SfuMember member = found.get();
        SfuCall call = index.inRoom(offer.participant().room()).orElseThrow();
        List<RemoteStream> streams = new ArrayList<>();
        for (SubscribedStream stream : offer.streams()) {
            Optional<SfuMember> publisher = stream.feed() == null ? Optional.empty() : call.publisherOf(stream.feed());
            String source = publisher
                    .map(p -> p.sources().getOrDefault(stream.feedMid(), "camera"))
                    .orElse("camera");
            streams.add(
                    new RemoteStream(stream.mid(), publisher.map(p -> p.userId).orElse(null), stream.kind(), source));
        }
        for (RemoteStream before : member.streams) {
            if (streams.stream().noneMatch(before::equals)) {
                member.sentLayers().remove(before.mid());
            }
        }
        member.streams = List.copyOf(streams);
        if (!member.subscribed) {
            member.subscribed = true;
            index.count(call);
        }
        signals.subscriberOffer(member.connection, call.sessionId, offer.offer(), member.streams);
    }

    /** Sets the layer of every video the member receives from what it shows and how its link does. */
    void applyLayers(SfuMember member) {
        MediaParticipant media = member.media;
        if (media == null || !member.subscribed) {
            return;
        }
        int lossLevel = clock.instant().isBefore(member.slowUntil) ? member.lossLevel : 0;
        for (RemoteStream stream : member.streams) {
            if (stream.userId() != null
                    && stream.kind().equals("video")
                    && stream.source().equals("camera")) {
                Optional<SimulcastLayer> layer = Layers.forView(member.views().get(stream.userId()), lossLevel);
                setVideo(member, media, stream.mid(), layer.isPresent());
                layer.ifPresent(l -> setLayer(member, media, stream.mid(), l));
            }
        }
    }

    private void setVideo(SfuMember member, MediaParticipant media, String mid, boolean on) {
        if (on != member.videoOff().contains(mid)) {
            return; // no change
        }
        if (on) {
            member.videoOff().remove(mid);
        } else {
            member.videoOff().add(mid);
        }
        log.debug("media {} receives {} on m-line {}", media, on ? "video again" : "audio only", mid);
        gateway.setVideo(media, mid, on).whenComplete((ok, failure) -> {
            if (failure != null) {
                log.warn("media {} video of {} not turned {}: {}", media, mid, on ? "on" : "off", failure.toString());
            }
        });
    }

    /**
     * Asks the SFU for a layer only when it changes, and at most once per {@link #LAYER_HOLD} per m-line (the latest
     * choice wins): the SFU moves up a layer on the publisher's next key frame, which it asks for, and a second move
     * right after the first can leave it waiting for a key frame that never comes.
     */
    private void setLayer(SfuMember member, MediaParticipant media, String mid, SimulcastLayer layer) {
        member.wantedLayers().put(mid, layer);
        if (layer.equals(member.sentLayers().get(mid)) || member.layerTimers().containsKey(mid)) {
            return;
        }
        Instant now = clock.instant();
        Instant last = member.layerSentAt().getOrDefault(mid, Instant.MIN);
        Duration wait = Duration.between(now, last.plus(LAYER_HOLD));
        if (wait.isPositive()) {
            member.layerTimers()
                    .put(
                            mid,
                            scheduler.schedule(
                                    wait,
                                    () -> actor.execute(() -> {
                                        member.layerTimers().remove(mid);
                                        if (media.equals(member.media)) {
                                            setLayer(
                                                    member,
                                                    media,
                                                    mid,
                                                    member.wantedLayers().get(mid));
                                        }
                                    })));
            return;
        }
        member.sentLayers().put(mid, layer);
        member.layerSentAt().put(mid, now);
        log.debug("media {} receives layer {} on m-line {}", media, layer, mid);
        gateway.setLayer(media, mid, layer).whenComplete((ok, failure) -> {
            if (failure != null) {
                log.warn("media {} layer of {} not set: {}", media, mid, failure.toString());
            }
        });
    }

    /**
     * Makes the member receive exactly the streams the others publish now: what was not asked for yet is subscribed,
     * what is no longer published (a screen share stopped) unsubscribed. The SFU would send a stream twice if asked
     * twice, so what was asked is kept in {@link SfuMember#wanted}.
     */
    void sync(SfuCall call, SfuMember member) {
        MediaParticipant media = member.media;
        Set<FeedStream> desired = new LinkedHashSet<>();
        call.feeds.forEach((feed, streams) -> {
            if (!feed.equals(media.feed())) {
                streams.forEach(stream -> desired.add(new FeedStream(feed, stream.mid())));
            }
        });
        List<FeedStream> gone =
                member.wanted().stream().filter(f -> !desired.contains(f)).toList();
        List<FeedStream> added =
                desired.stream().filter(f -> !member.wanted().contains(f)).toList();
        member.wanted().clear();
        member.wanted().addAll(desired);
        if (!gone.isEmpty()) {
            change(call, media, gone, "unsubscribe from", gateway::unsubscribe);
        }
        if (!added.isEmpty()) {
            change(call, media, added, "subscribe to", gateway::subscribe);
        }
    }

    private void change(
            SfuCall call,
            MediaParticipant media,
            List<FeedStream> streams,
            String what,
            BiFunction<MediaParticipant, List<FeedStream>, CompletionStage<Void>> operation) {
        call.roomReady.thenCompose(ok -> operation.apply(media, streams)).whenComplete((ok, failure) -> {
            if (failure != null) {
                log.warn("media {} cannot {} {}: {}", media, what, streams, failure.toString());
            }
        });
    }
}
