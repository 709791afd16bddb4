package com.securevox.call.janus;

import com.securevox.call.media.FeedId;
import com.securevox.call.media.MediaEvent;
import com.securevox.call.media.PublishedStream;
import com.securevox.call.media.RoomId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room's monitor: a publisher handle of ours that joins the room and never publishes, so that the room's events
 * (feeds published and gone, who talks) reach us once, rather than once per participant. It turns them into {@link
 * MediaEvent}s, and remembers which feeds are published, so that a publisher's {@code unpublished} and {@code leaving}
 * make one {@link MediaEvent.FeedUnpublished}, and a participant who never published makes none.
 *
 * <p>Confined to the client's thread.
 */
final class RoomMonitor {
    private static final Logger log = LoggerFactory.getLogger(RoomMonitor.class);
    /** Its participant id: '~' is not allowed in ours ({@code MediaParticipant}), so it can never take one's place. */
    static final String ID = "securevox~monitor";

    static final String DISPLAY = "SecureVOX monitor";

    private final RoomId room;
    private final boolean e2ee;
    private final VideoRoomDecoder decoder;
    private final Consumer<MediaEvent> emit;
    private final Consumer<RoomId> destroyedElsewhere;
    private final Set<String> published = new HashSet<>();
    private long handle;
    private boolean closing;

    /**
     * {@code e2ee}: the room was created for media encrypted end to end. {@code destroyedElsewhere} is told if the
     * room is destroyed without {@link #closing()} having been called.
     */
    RoomMonitor(
            RoomId room,
            boolean e2ee,
            VideoRoomDecoder decoder,
            Consumer<MediaEvent> emit,
            Consumer<RoomId> destroyedElsewhere) {
        this.room = room;
        this.e2ee = e2ee;
        this.decoder = decoder;
        this.emit = emit;
        this.destroyedElsewhere = destroyedElsewhere;
    }

    RoomId room() {
        return room;
    }

    /** Its publishers must say they encrypt end to end. */
    boolean e2ee() {
        return e2ee;
    }

    long handle() {
        return handle;
    }

    /** We are destroying the room: its {@code destroyed} event is expected. */
    void closing() {
        closing = true;
    }

    void attached(long monitorHandle) {
        handle = monitorHandle;
    }

    /** The monitor is in the room: whoever already publishes there counts as just published. */
    void joined(VideoRoomEvent.Joined joined) {
        published(joined.publishers());
    }

    /**
     * What Janus says on the monitor's handle unasked. Only plugin events concern it: a handle that never has a
     * PeerConnection gets none of the core's link events.
     */
    void onEvent(JanusMessage message) {
        if (!(message instanceof JanusMessage.Event event)) {
            return;
        }
        try {
            roomEvent(decoder.decode(event.plugin(), event.transaction().isPresent()));
        } catch (JanusProtocolException e) {
            log.warn("unreadable room event from Janus in {}: {}", room.value(), e.getMessage());
        }
    }

    private void roomEvent(VideoRoomEvent event) {
        switch (event) {
            case VideoRoomEvent.Publishers publishers -> published(publishers.publishers());
            case VideoRoomEvent.Unpublished unpublished -> unpublished(unpublished.id());
            case VideoRoomEvent.Leaving leaving -> unpublished(leaving.id());
            case VideoRoomEvent.Kicked kicked -> unpublished(kicked.id());
            case VideoRoomEvent.Talking talking ->
                feed(talking.id())
                        .ifPresent(feed -> emit.accept(new MediaEvent.Talking(
                                room, feed, talking.talking(), (int) Math.round(talking.level()))));
            case VideoRoomEvent.Destroyed destroyed -> {
                if (!closing) {
                    log.warn("room {} was destroyed in Janus without us asking", room.value());
                    destroyedElsewhere.accept(room);
                }
            }
            case VideoRoomEvent.Failed failed ->
                log.warn(
                        "Janus reported error {} on the monitor of {}: {}",
                        failed.code(),
                        room.value(),
                        failed.reason());
            // Joins of participants who do not publish, and answers to requests the monitor never makes.
            case VideoRoomEvent.Joining _,
                    VideoRoomEvent.DisplayChanged _,
                    VideoRoomEvent.SlowLink _,
                    VideoRoomEvent.Joined _,
                    VideoRoomEvent.Created _,
                    VideoRoomEvent.Success _,
                    VideoRoomEvent.Attached _,
                    VideoRoomEvent.Updated _,
                    VideoRoomEvent.Updating _,
                    VideoRoomEvent.LayerChanged _,
                    VideoRoomEvent.Done _ -> {}
        }
    }

    private void published(List<VideoRoomEvent.Publisher> publishers) {
        for (VideoRoomEvent.Publisher publisher : publishers) {
            feed(publisher.id()).ifPresent(feed -> {
                published.add(publisher.id());
                emit.accept(new MediaEvent.FeedPublished(room, feed, streams(publisher)));
            });
        }
    }

    private void unpublished(String id) {
        if (published.remove(id)) {
            emit.accept(new MediaEvent.FeedUnpublished(room, new FeedId(id)));
        }
    }

    /** A removed m-line stays listed, marked disabled; it is not a stream anyone can receive. */
    private static List<PublishedStream> streams(VideoRoomEvent.Publisher publisher) {
        return publisher.streams().stream()
                .filter(stream -> !stream.disabled())
                .map(stream -> new PublishedStream(
                        stream.mid(), stream.type(), stream.description().orElse(null), stream.simulcast()))
                .toList();
    }

    /** Ids that are not ours (another monitor, someone who joined Janus behind our back) are no feeds of ours. */
    static Optional<FeedId> feed(String id) {
        try {
            return Optional.of(new FeedId(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
