package com.securevox.call.janus;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.securevox.call.media.FeedStream;
import com.securevox.call.media.IceCandidate;
import com.securevox.call.media.RoomId;
import com.securevox.call.media.RoomSpec;
import com.securevox.call.media.SimulcastLayer;
import java.util.List;
import java.util.Optional;

/** The bodies of the VideoRoom requests we send (janus_videoroom.c's header comment documents each), and trickles. */
final class VideoRoomRequests {
    /**
     * Packets of audio over which a publisher's level is averaged (20 ms each), and the average under which it counts
     * as talking: Janus's defaults (100, 25) take two seconds and miss normal speech.
     */
    static final int AUDIO_ACTIVE_PACKETS = 25;

    static final int AUDIO_LEVEL_AVERAGE = 40;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private VideoRoomRequests() {}

    /**
     * A private, temporary room: never written into Janus's configuration (secrets included), never listed, its
     * subscriptions tied to a participant ({@code require_pvtid}). VP8 for video, because simulcast and E2EE both need
     * a codec Janus can read the layers of.
     */
    static ObjectNode create(RoomSpec spec, String secret, Optional<String> adminKey) {
        ObjectNode body = request("create")
                .put("room", spec.room().value())
                .put("permanent", false)
                .put("is_private", true)
                .put("secret", secret)
                .put("publishers", spec.maxPublishers())
                .put("audiocodec", "opus")
                .put("videocodec", "vp8")
                .put("notify_joining", true)
                .put("require_pvtid", true)
                .put("audiolevel_ext", spec.audioLevels())
                .put("audiolevel_event", spec.audioLevels());
        if (spec.audioLevels()) {
            body.put("audio_active_packets", AUDIO_ACTIVE_PACKETS).put("audio_level_average", AUDIO_LEVEL_AVERAGE);
        }
        if (spec.bitrate() > 0) {
            body.put("bitrate", spec.bitrate());
        }
        spec.recordings().ifPresent(folder -> body.put("rec_dir", folder.toString()));
        if (spec.e2ee()) {
            body.put("require_e2ee", true);
        }
        adminKey.ifPresent(key -> body.put("admin_key", key));
        return body;
    }

    static ObjectNode destroy(RoomId room, String secret) {
        return request("destroy")
                .put("room", room.value())
                .put("secret", secret)
                .put("permanent", false);
    }

    /** Stops or resumes forwarding one m-line of a publisher (Janus 1.1's {@code moderate}, a synchronous request). */
    static ObjectNode moderate(RoomId room, String secret, String publisher, String mid, boolean mute) {
        return request("moderate")
                .put("room", room.value())
                .put("secret", secret)
                .put("id", publisher)
                .put("mid", mid)
                .put("mute", mute);
    }

    static ObjectNode joinPublisher(RoomId room, String id, String display) {
        return request("join")
                .put("ptype", "publisher")
                .put("room", room.value())
                .put("id", id)
                .put("display", display);
    }

    static ObjectNode publish() {
        return request("publish");
    }

    /** A publisher's renegotiation: the new offer travels next to it. */
    static ObjectNode configurePublisher() {
        return request("configure");
    }

    /**
     * Records the publisher into {@code <rec_dir>/<fileBase>-<audio|video>-<mindex>.mjr}: set before its media flows,
     * Janus starts the recorders with the media; set while it flows, Janus starts them now and asks for a keyframe.
     */
    static ObjectNode record(String fileBase) {
        return request("configure").put("record", true).put("filename", fileBase);
    }

    /** Closes the publisher's recorders: Janus finishes each file (and renames it from its temporary name). */
    static ObjectNode stopRecording() {
        return request("configure").put("record", false);
    }

    /**
     * A multistream subscription to every stream of {@code feeds}; {@code autoupdate} has Janus send a new offer by
     * itself when one of them leaves.
     */
    static ObjectNode joinSubscriber(RoomId room, long privateId, List<FeedStream> feeds) {
        ObjectNode body = request("join")
                .put("ptype", "subscriber")
                .put("room", room.value())
                .put("private_id", privateId)
                .put("use_msid", false)
                .put("autoupdate", true);
        body.set("streams", feeds(feeds));
        return body;
    }

    static ObjectNode subscribe(List<FeedStream> feeds) {
        ObjectNode body = request("subscribe");
        body.set("streams", feeds(feeds));
        return body;
    }

    static ObjectNode unsubscribe(List<FeedStream> feeds) {
        ObjectNode body = request("unsubscribe");
        body.set("streams", feeds(feeds));
        return body;
    }

    /** The subscriber's answer travels next to it. */
    static ObjectNode start() {
        return request("start");
    }

    /** Whether subscriber m-line {@code mid} is sent at all. */
    static ObjectNode send(String mid, boolean on) {
        ObjectNode body = request("configure");
        body.putArray("streams").addObject().put("mid", mid).put("send", on);
        return body;
    }

    /** Which simulcast layer subscriber m-line {@code mid} receives. */
    static ObjectNode layer(String mid, SimulcastLayer layer) {
        ObjectNode body = request("configure");
        body.putArray("streams")
                .addObject()
                .put("mid", mid)
                .put("substream", layer.substream())
                .put("temporal", layer.temporal());
        return body;
    }

    /** A client candidate for {@code trickle}; none, or an empty one, means the client has gathered all of them. */
    static ObjectNode candidate(IceCandidate candidate) {
        ObjectNode body = NODES.objectNode();
        if (candidate == null || candidate.candidate().isEmpty()) {
            return body.put("completed", true);
        }
        body.put("candidate", candidate.candidate());
        if (candidate.sdpMid() != null) {
            body.put("sdpMid", candidate.sdpMid());
        }
        if (candidate.sdpMLineIndex() != null) {
            body.put("sdpMLineIndex", candidate.sdpMLineIndex());
        }
        return body;
    }

    private static ArrayNode feeds(List<FeedStream> feeds) {
        ArrayNode streams = NODES.arrayNode();
        for (FeedStream feed : feeds) {
            ObjectNode stream = streams.addObject().put("feed", feed.feed().value());
            if (feed.mid() != null) {
                stream.put("mid", feed.mid());
            }
        }
        return streams;
    }

    private static ObjectNode request(String name) {
        return NODES.objectNode().put("request", name);
    }
}
