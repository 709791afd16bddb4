package com.securevox.call.janus;

import java.util.List;
import java.util.Optional;

/**
 * Reads the VideoRoom plugin's {@code plugindata} into a {@link VideoRoomEvent}, or refuses it with a {@link
 * JanusProtocolException} naming the field and what was expected. Thread-safe.
 *
 * <p>{@code reply} says whether the data answers one of our requests (it came with our transaction): the plugin
 * confirms our own {@code leave} with {@code "leaving": "ok"} and tells the others {@code "leaving": <id>}, and an id
 * may be "ok", so only the transaction tells the two apart.
 */
final class VideoRoomDecoder {
    static final String PLUGIN = "janus.plugin.videoroom";

    private static final String KINDS = "joined, created, destroyed, success, attached, updated, updating, event,"
            + " talking, stopped-talking or slow_link";
    private static final String EVENT_KEYS = "error_code, publishers, unpublished, leaving, kicked, joining,"
            + " configured, started, paused, left, switched, mid and substream or temporal, or id and display";

    /**
     * The answer to our request {@code what}, which must be a {@code type}; a {@link VideoRoomEvent.Failed} becomes a
     * {@link JanusErrorException}, anything else a {@link JanusProtocolException}.
     */
    <T extends VideoRoomEvent> T expect(JanusClient.PluginReply reply, String what, Class<T> type) {
        VideoRoomEvent event = decode(reply.data(), true);
        if (event instanceof VideoRoomEvent.Failed failed) {
            throw new JanusErrorException(what, failed.code(), failed.reason());
        }
        if (!type.isInstance(event)) {
            throw new JanusProtocolException(what + ": Janus answered "
                    + event.getClass().getSimpleName() + " (expected: " + type.getSimpleName() + ")");
        }
        return type.cast(event);
    }

    VideoRoomEvent decode(JanusMessage.PluginData plugin, boolean reply) {
        if (!plugin.plugin().equals(PLUGIN)) {
            throw new JanusProtocolException(
                    "plugindata.plugin: '" + StrictJson.quote(plugin.plugin()) + "' (expected: " + PLUGIN + ")");
        }
        StrictJson data = StrictJson.of(plugin.data(), "plugindata.data");
        String kind = data.text("videoroom");
        return switch (kind) {
            case "joined" ->
                new VideoRoomEvent.Joined(
                        data.id("room"), data.id("id"), data.positiveLong("private_id"), publishers(data));
            case "created" -> new VideoRoomEvent.Created(data.id("room"));
            case "destroyed" -> new VideoRoomEvent.Destroyed(data.id("room"));
            case "success" ->
                new VideoRoomEvent.Success(
                        data.has("room") ? Optional.of(data.id("room")) : Optional.empty(),
                        data.has("exists") ? Optional.of(data.bool("exists")) : Optional.empty());
            case "attached" -> new VideoRoomEvent.Attached(data.id("room"), subscriberStreams(data));
            case "updated" ->
                new VideoRoomEvent.Updated(
                        data.id("room"), data.has("streams") ? Optional.of(subscriberStreams(data)) : Optional.empty());
            case "updating" -> new VideoRoomEvent.Updating(data.id("room"));
            case "event" -> event(data, reply);
            case "talking", "stopped-talking" ->
                new VideoRoomEvent.Talking(
                        data.id("room"),
                        data.id("id"),
                        kind.equals("talking"),
                        data.optionalText("mid"),
                        data.number("audio-level-dBov-avg"));
            case "slow_link" -> new VideoRoomEvent.SlowLink(data.longValue("current-bitrate"));
            default ->
                throw new JanusProtocolException(
                        "plugindata.data.videoroom: '" + StrictJson.quote(kind) + "' (expected: " + KINDS + ")");
        };
    }

    private static VideoRoomEvent event(StrictJson data, boolean reply) {
        if (data.has("error_code")) {
            return new VideoRoomEvent.Failed(
                    data.integer("error_code"), data.optionalText("error").orElse(""));
        }
        if (data.has("publishers")) {
            return new VideoRoomEvent.Publishers(data.id("room"), publishers(data));
        }
        if (data.has("unpublished")) {
            return reply
                    ? done(data, "unpublished", VideoRoomEvent.DoneKind.UNPUBLISHED)
                    : new VideoRoomEvent.Unpublished(data.id("room"), data.id("unpublished"));
        }
        if (data.has("leaving")) {
            return reply
                    ? done(data, "leaving", VideoRoomEvent.DoneKind.LEAVING)
                    : new VideoRoomEvent.Leaving(data.id("room"), data.id("leaving"));
        }
        if (data.has("kicked")) {
            return new VideoRoomEvent.Kicked(data.id("room"), data.id("kicked"));
        }
        if (data.has("joining")) {
            StrictJson joining = data.object("joining");
            return new VideoRoomEvent.Joining(data.id("room"), joining.id("id"), joining.optionalText("display"));
        }
        for (VideoRoomEvent.DoneKind kind : List.of(
                VideoRoomEvent.DoneKind.CONFIGURED,
                VideoRoomEvent.DoneKind.STARTED,
                VideoRoomEvent.DoneKind.PAUSED,
                VideoRoomEvent.DoneKind.LEFT,
                VideoRoomEvent.DoneKind.SWITCHED)) {
            String key = key(kind);
            if (data.has(key)) {
                return done(data, key, kind);
            }
        }
        if (data.has("mid") && (data.has("substream") || data.has("temporal"))) {
            // A subscriber's simulcast layer changed, as we asked or as the publisher's layers came and went.
            return new VideoRoomEvent.LayerChanged(
                    data.text("mid"),
                    data.has("substream") ? Optional.of(data.integer("substream")) : Optional.empty(),
                    data.has("temporal") ? Optional.of(data.integer("temporal")) : Optional.empty());
        }
        if (data.has("id") && data.has("display")) {
            return new VideoRoomEvent.DisplayChanged(data.id("id"), data.text("display"));
        }
        throw new JanusProtocolException(
                "plugindata.data: an event without any of " + EVENT_KEYS + " (expected: one of them)");
    }

    private static String key(VideoRoomEvent.DoneKind kind) {
        return switch (kind) {
            case CONFIGURED -> "configured";
            case STARTED -> "started";
            case PAUSED -> "paused";
            case UNPUBLISHED -> "unpublished";
            case LEAVING -> "leaving";
            case LEFT -> "left";
            case SWITCHED -> "switched";
        };
    }

    private static VideoRoomEvent done(StrictJson data, String key, VideoRoomEvent.DoneKind kind) {
        String value = data.text(key);
        if (!value.equals("ok")) {
            throw new JanusProtocolException(
                    data.path() + "." + key + ": '" + StrictJson.quote(value) + "' (expected: ok)");
        }
        return new VideoRoomEvent.Done(kind);
    }

    private static List<VideoRoomEvent.Publisher> publishers(StrictJson data) {
        return data.objects("publishers").stream()
                .map(publisher -> new VideoRoomEvent.Publisher(
                        publisher.id("id"),
                        publisher.optionalText("display"),
                        publisher.objects("streams").stream()
                                .map(VideoRoomDecoder::publisherStream)
                                .toList()))
                .toList();
    }

    private static VideoRoomEvent.PublisherStream publisherStream(StrictJson stream) {
        return new VideoRoomEvent.PublisherStream(
                stream.text("type"),
                stream.integer("mindex"),
                stream.text("mid"),
                stream.flag("disabled"),
                stream.optionalText("codec"),
                stream.optionalText("description"),
                stream.flag("simulcast"));
    }

    private static List<VideoRoomEvent.SubscriberStream> subscriberStreams(StrictJson data) {
        return data.objects("streams").stream()
                .map(stream -> new VideoRoomEvent.SubscriberStream(
                        stream.integer("mindex"),
                        stream.text("mid"),
                        stream.text("type"),
                        stream.bool("active"),
                        stream.has("feed_id") ? Optional.of(stream.id("feed_id")) : Optional.empty(),
                        stream.optionalText("feed_mid"),
                        stream.optionalText("feed_description"),
                        stream.bool("send"),
                        stream.bool("ready")))
                .toList();
    }
}
