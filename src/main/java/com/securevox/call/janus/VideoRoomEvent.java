package com.securevox.call.janus;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the VideoRoom plugin says in a {@code plugindata.data} object, with {@code string_ids} on (rooms and
 * participants have string ids). A closed set: a kind added here must break every exhaustive switch over it.
 */
sealed interface VideoRoomEvent {

    /** Our publisher handle is in the room; {@code privateId} ties subscriptions to it. */
    record Joined(String room, String id, long privateId, List<Publisher> publishers) implements VideoRoomEvent {
        public Joined {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(id, "id");
            publishers = List.copyOf(publishers);
        }
    }

    /** The room was created. */
    record Created(String room) implements VideoRoomEvent {}

    /** The room was destroyed (the answer to our {@code destroy}, or news to everyone in it). */
    record Destroyed(String room) implements VideoRoomEvent {}

    /** A synchronous request that has no answer of its own succeeded ({@code exists} says whether a room does). */
    record Success(Optional<String> room, Optional<Boolean> exists) implements VideoRoomEvent {}

    /** A subscription was set up; its SDP offer travels next to this event. */
    record Attached(String room, List<SubscriberStream> streams) implements VideoRoomEvent {
        public Attached {
            streams = List.copyOf(streams);
        }
    }

    /**
     * A subscription changed; {@code streams} is absent when the change needed no new SDP, and present (with an offer
     * next to the event) when it did.
     */
    record Updated(String room, Optional<List<SubscriberStream>> streams) implements VideoRoomEvent {
        public Updated {
            streams = streams.map(List::copyOf);
        }
    }

    /** A subscription change was queued behind an unanswered offer; the offer for it comes later as {@link Updated}. */
    record Updating(String room) implements VideoRoomEvent {}

    /** An asynchronous request was carried out ({@code "configured": "ok"} and the like). */
    record Done(DoneKind kind) implements VideoRoomEvent {}

    /** What {@link Done} confirms. */
    enum DoneKind {
        CONFIGURED,
        STARTED,
        PAUSED,
        UNPUBLISHED,
        LEAVING,
        LEFT,
        SWITCHED
    }

    /** The plugin refused a request: {@code code} from janus_videoroom.c (426 no such room, 428 no such feed...). */
    record Failed(int code, String reason) implements VideoRoomEvent {}

    /** Publishers became active in the room, or an active one's streams changed. */
    record Publishers(String room, List<Publisher> publishers) implements VideoRoomEvent {
        public Publishers {
            publishers = List.copyOf(publishers);
        }
    }

    /** A publisher stopped publishing. */
    record Unpublished(String room, String id) implements VideoRoomEvent {}

    /** A participant left the room. */
    record Leaving(String room, String id) implements VideoRoomEvent {}

    /** A participant was kicked out of the room. */
    record Kicked(String room, String id) implements VideoRoomEvent {}

    /** A participant joined (rooms with {@code notify_joining}). */
    record Joining(String room, String id, Optional<String> display) implements VideoRoomEvent {}

    /** A publisher started or stopped talking; {@code level} is the average in -dBov (0 loudest, 127 silent). */
    record Talking(String room, String id, boolean talking, Optional<String> mid, double level)
            implements VideoRoomEvent {}

    /** The plugin lowered a publisher's REMB bitrate because Janus saw losses. */
    record SlowLink(long currentBitrate) implements VideoRoomEvent {}

    /** A participant's display name changed. */
    record DisplayChanged(String id, String display) implements VideoRoomEvent {}

    /** An active publisher, as listed in {@code joined} and {@code publishers}. */
    record Publisher(String id, Optional<String> display, List<PublisherStream> streams) {
        public Publisher {
            Objects.requireNonNull(id, "id");
            streams = List.copyOf(streams);
        }
    }

    /** One stream of a publisher; a {@code disabled} one (a removed m-line) has no codec or description. */
    record PublisherStream(
            String type,
            int mindex,
            String mid,
            boolean disabled,
            Optional<String> codec,
            Optional<String> description,
            boolean simulcast) {}

    /**
     * One m-line of a subscription: {@code feedId}/{@code feedMid} say which publisher stream it carries (absent for an
     * inactive m-line and for the shared data channel).
     */
    record SubscriberStream(
            int mindex,
            String mid,
            String type,
            boolean active,
            Optional<String> feedId,
            Optional<String> feedMid,
            Optional<String> feedDescription,
            boolean send,
            boolean ready) {}

    /** The simulcast layer a subscriber m-line receives changed. */
    record LayerChanged(String mid, Optional<Integer> substream, Optional<Integer> temporal)
            implements VideoRoomEvent {}
}
