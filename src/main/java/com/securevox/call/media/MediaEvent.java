package com.securevox.call.media;

import java.util.List;
import java.util.Objects;

/** What the SFU reports on its own. A closed set: a new kind must break every exhaustive switch over it. */
public sealed interface MediaEvent {

    /** A participant's media is published (or its streams changed, e.g. a screen share added). */
    record FeedPublished(RoomId room, FeedId feed, List<PublishedStream> streams) implements MediaEvent {
        public FeedPublished {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(feed, "feed");
            streams = List.copyOf(streams);
        }
    }

    /** A participant stopped publishing (unpublished, left, or its connection died). */
    record FeedUnpublished(RoomId room, FeedId feed) implements MediaEvent {
        public FeedUnpublished {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(feed, "feed");
        }
    }

    /**
     * A new offer for the participant's subscriber connection, describing every m-line it now has; answered with
     * {@link SfuGateway#answerSubscription}.
     */
    record SubscriberOffer(MediaParticipant participant, SessionDescription offer, List<SubscribedStream> streams)
            implements MediaEvent {
        public SubscriberOffer {
            Objects.requireNonNull(participant, "participant");
            Objects.requireNonNull(offer, "offer");
            streams = List.copyOf(streams);
        }
    }

    /** A feed started ({@code talking}) or stopped talking; {@code level} is the average in -dBov (0 loudest). */
    record Talking(RoomId room, FeedId feed, boolean talking, int level) implements MediaEvent {
        public Talking {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(feed, "feed");
        }
    }

    /**
     * Packets are being lost on one of the participant's links: {@code uplink} true for media the participant sends,
     * false for media it receives; {@code lost} packets in the last second.
     */
    record SlowLink(MediaParticipant participant, PeerLink link, boolean uplink, String mid, int lost)
            implements MediaEvent {
        public SlowLink {
            Objects.requireNonNull(participant, "participant");
            Objects.requireNonNull(link, "link");
        }
    }

    /** One of the participant's connections is up (ICE and DTLS done). */
    record LinkUp(MediaParticipant participant, PeerLink link) implements MediaEvent {
        public LinkUp {
            Objects.requireNonNull(participant, "participant");
            Objects.requireNonNull(link, "link");
        }
    }

    /** One of the participant's connections is gone, for {@code reason} in the SFU's words. */
    record LinkDown(MediaParticipant participant, PeerLink link, String reason) implements MediaEvent {
        public LinkDown {
            Objects.requireNonNull(participant, "participant");
            Objects.requireNonNull(link, "link");
        }
    }

    /**
     * The SFU was lost (it restarted, or the connection to it broke for longer than it keeps sessions): every room
     * and connection in it is gone, and the gateway has forgotten them.
     */
    record EngineLost(String reason) implements MediaEvent {}

    /** The SFU is reachable (again): rooms can be opened. */
    record EngineReady() implements MediaEvent {}
}
