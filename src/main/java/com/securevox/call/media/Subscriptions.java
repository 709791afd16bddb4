package com.securevox.call.media;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of {@link SfuCalls}: tells a member what each m-line of its subscriber connection carries
 * when the SFU offers, and sets the simulcast layer of every camera it receives. Confined to {@link SfuCalls}'s
 * thread.
 */
final class Subscriptions {
    private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);

    private final SfuGateway gateway;
    private final MediaSignals signals;
    private final Clock clock;
    private final SfuIndex index;

    Subscriptions(SfuGateway gateway, MediaSignals signals, Clock clock, SfuIndex index) {
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
                    .map(p -> p.sources.getOrDefault(stream.feedMid(), "camera"))
                    .orElse("camera");
            streams.add(
                    new RemoteStream(stream.mid(), publisher.map(p -> p.userId).orElse(null), stream.kind(), source));
        }
        member.streams = List.copyOf(streams);
        if (!member.subscribed) {
            member.subscribed = true;
            index.count();
        }
        signals.subscriberOffer(member.connection, call.sessionId, offer.offer(), member.streams);
    }

    /** Sets the layer of every video the member receives from what it shows and how its link does. */
    void applyLayers(SfuMember member) {
        MediaParticipant media = member.media;
        if (media == null || !member.subscribed) {
            return;
        }
        boolean slow = clock.instant().isBefore(member.slowUntil);
        for (RemoteStream stream : member.streams) {
            if (stream.userId() != null
                    && stream.kind().equals("video")
                    && stream.source().equals("camera")) {
                SimulcastLayer layer = Layers.forView(member.views.get(stream.userId()), slow);
                gateway.setLayer(media, stream.mid(), layer).whenComplete((ok, failure) -> {
                    if (failure != null) {
                        log.debug("media {} layer of {} not set: {}", media, stream.mid(), failure.toString());
                    }
                });
            }
        }
    }
}
