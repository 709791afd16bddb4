package com.securevox.call.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.securevox.call.call.MediaKind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the Admin API's replies we use ({@code list_sessions}, {@code list_handles}, {@code handle_info}) strictly:
 * the fields we read are checked for type and range and named when wrong; whatever else Janus adds is ignored. An
 * {@code error} reply is a {@link JanusErrorException} (a handle that went away between the list and its info is
 * 459 or 458, which the poller expects). Thread-safe: no state.
 */
final class AdminReplies {
    /** More sessions or handles than this is not a Janus we run; a bound so a broken reply cannot grow a list. */
    static final int MAX_IDS = 100_000;
    /** A PeerConnection of more m-lines than this is not one of our publishers. */
    static final int MAX_STREAMS = 64;

    private AdminReplies() {}

    /** The transaction of a reply, when it has one as a string (a reply without one answers nothing of ours). */
    static Optional<String> transaction(JsonNode reply) {
        JsonNode transaction = reply == null ? null : reply.get("transaction");
        return transaction != null && transaction.isTextual() ? Optional.of(transaction.asText()) : Optional.empty();
    }

    static List<Long> sessions(JsonNode reply) {
        return ids(success(reply, "list_sessions"), "sessions");
    }

    static List<Long> handles(JsonNode reply) {
        return ids(success(reply, "list_handles"), "handles");
    }

    static HandleStats handleInfo(JsonNode reply) {
        StrictJson message = success(reply, "handle_info");
        long session = message.positiveLong("session_id");
        long handle = message.positiveLong("handle_id");
        StrictJson info = message.object("info");
        Optional<StrictJson> media = info.optionalObject("webrtc").flatMap(webrtc -> webrtc.optionalObject("media"));
        if (media.isEmpty()) {
            return new HandleStats(session, handle, List.of());
        }
        List<HandleStats.Stream> streams = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> lines = media.get().node().fields();
        while (lines.hasNext()) {
            Map.Entry<String, JsonNode> line = lines.next();
            if (streams.size() == MAX_STREAMS) {
                throw new JanusProtocolException(
                        media.get().path() + ": more than " + MAX_STREAMS + " m-lines (expected: at most that)");
            }
            StrictJson entry = StrictJson.of(line.getValue(), media.get().path() + "." + line.getKey());
            kind(entry).ifPresent(kind -> streams.add(stream(entry, kind)));
        }
        return new HandleStats(session, handle, streams);
    }

    /** Audio and video; a data channel's m-line carries no RTP and is left out. */
    private static Optional<MediaKind> kind(StrictJson entry) {
        String type = entry.text("type");
        return switch (type) {
            case "audio" -> Optional.of(MediaKind.AUDIO);
            case "video" -> Optional.of(MediaKind.VIDEO);
            case "data" -> Optional.empty();
            default -> throw entry.wrong("type", entry.node().get("type"), "audio, video or data");
        };
    }

    private static HandleStats.Stream stream(StrictJson entry, MediaKind kind) {
        int mindex = entry.integer("mindex");
        if (mindex < 0) {
            throw entry.wrong("mindex", entry.node().get("mindex"), "an integer >= 0");
        }
        StrictJson stats = entry.object("stats");
        StrictJson in = stats.object("in");
        StrictJson out = stats.object("out");
        Optional<HandleStats.Rtcp> rtcp = entry.optionalObject("rtcp")
                .flatMap(r -> r.optionalObject("main"))
                .map(main -> new HandleStats.Rtcp(
                        main.longValue("lost"),
                        main.longValue("lost-by-remote"),
                        counter(main, "jitter-local"),
                        counter(main, "jitter-remote"),
                        counter(main, "rtt")));
        return new HandleStats.Stream(
                mindex,
                kind,
                counter(in, "packets"),
                counter(in, "bytes"),
                counter(in, "bytes_lastsec"),
                counter(out, "packets"),
                counter(out, "bytes"),
                counter(out, "bytes_lastsec"),
                optionalCounter(in, "nacks"),
                optionalCounter(out, "nacks"),
                rtcp);
    }

    /** Janus leaves {@code nacks} out where it does not count them (audio it receives): none. */
    private static long optionalCounter(StrictJson object, String field) {
        return object.has(field) ? counter(object, field) : 0;
    }

    private static long counter(StrictJson object, String field) {
        long value = object.longValue(field);
        if (value < 0) {
            throw object.wrong(field, object.node().get(field), "an integer >= 0");
        }
        return value;
    }

    /** The reply as a {@code success}, or the error it is; {@code request} names it in messages. */
    private static StrictJson success(JsonNode reply, String request) {
        StrictJson message = StrictJson.of(reply, "");
        String kind = message.text("janus");
        return switch (kind) {
            case "success" -> message;
            case "error" -> {
                StrictJson error = message.object("error");
                throw new JanusErrorException(
                        request,
                        error.integer("code"),
                        error.optionalText("reason").orElse(""));
            }
            default -> throw message.wrong("janus", reply.get("janus"), "success or error");
        };
    }

    private static List<Long> ids(StrictJson message, String field) {
        JsonNode array = message.node().get(field);
        if (array == null || array.isNull()) {
            throw message.missing(field, "an array of positive integers");
        }
        if (!array.isArray()) {
            throw message.wrong(field, array, "an array of positive integers");
        }
        if (array.size() > MAX_IDS) {
            throw new JanusProtocolException(field + ": " + array.size() + " ids (expected: at most " + MAX_IDS + ")");
        }
        List<Long> ids = new ArrayList<>(array.size());
        for (JsonNode id : array) {
            if (!id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() <= 0) {
                throw new JanusProtocolException(
                        field + ": " + StrictJson.kindOf(id) + " in the list (expected: positive integers)");
            }
            ids.add(id.asLong());
        }
        return ids;
    }
}
