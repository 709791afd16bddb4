package com.securevox.call.signaling;

import static com.securevox.call.signaling.ClientEventDecoder.describe;
import static com.securevox.call.signaling.ClientEventDecoder.kindOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.securevox.call.call.Ids;
import com.securevox.call.call.MediaKind;
import com.securevox.call.quality.QualityReport;
import com.securevox.call.quality.QualityReport.CandidateType;
import com.securevox.call.quality.QualityReport.Direction;
import com.securevox.call.quality.QualityReport.Limitation;
import com.securevox.call.quality.QualityReport.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decodes {@code quality_report} (our extension, docs/protocol.md) with the strictness of {@link ClientEventDecoder}:
 * every known field checked by type, size and range and named in the refusal with its path ({@code
 * connections[0].tracks[1].jitterMs}); unknown fields ignored. The values stay what the client says they are: they
 * are only ever displayed.
 */
final class QualityReportDecoder {
    static final double MAX_MS = 60_000;
    static final double MAX_KBPS = 100_000;
    static final double MAX_FPS = 240;
    static final int MAX_DIMENSION = 16_384;
    static final long MAX_COUNT = Integer.MAX_VALUE;
    static final String SFU_PEER = "sfu";

    private static final Pattern CODEC = Pattern.compile("[A-Za-z0-9/._+-]{1,64}");

    private QualityReportDecoder() {}

    static ClientEvent.QualityReport decode(JsonNode payload) {
        JsonNode connections = payload.get("connections");
        String expected = "(expected: an array of 1 to " + QualityReport.MAX_CONNECTIONS + " connections)";
        if (connections == null || connections.isNull()) {
            throw SignalingException.invalid("connections: missing " + expected);
        }
        if (!connections.isArray()) {
            throw SignalingException.invalid("connections: " + kindOf(connections) + " " + expected);
        }
        if (connections.isEmpty() || connections.size() > QualityReport.MAX_CONNECTIONS) {
            throw SignalingException.invalid("connections: " + connections.size() + " entries " + expected);
        }
        List<QualityReport.Connection> decoded = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++) {
            decoded.add(connection("connections[" + i + "]", connections.get(i)));
        }
        return new ClientEvent.QualityReport(new QualityReport(decoded));
    }

    private static QualityReport.Connection connection(String path, JsonNode node) {
        object(path, node);
        JsonNode tracks = node.get("tracks");
        String expected = "(expected: an array of at most " + QualityReport.MAX_TRACKS + " tracks)";
        List<QualityReport.Track> decoded = new ArrayList<>();
        if (tracks != null && !tracks.isNull()) {
            if (!tracks.isArray()) {
                throw SignalingException.invalid(path + ".tracks: " + kindOf(tracks) + " " + expected);
            }
            if (tracks.size() > QualityReport.MAX_TRACKS) {
                throw SignalingException.invalid(path + ".tracks: " + tracks.size() + " entries " + expected);
            }
            for (int i = 0; i < tracks.size(); i++) {
                decoded.add(track(path + ".tracks[" + i + "]", tracks.get(i)));
            }
        }
        return new QualityReport.Connection(
                peer(path + ".peer", node.get("peer")),
                choice(path + ".candidateType", node.get("candidateType"), CandidateType.class),
                choice(path + ".protocol", node.get("protocol"), Transport.class),
                number(path + ".rttMs", node.get("rttMs"), MAX_MS),
                decoded);
    }

    private static QualityReport.Track track(String path, JsonNode node) {
        object(path, node);
        MediaKind kind = required(path + ".kind", node.get("kind"), MediaKind.class);
        Direction direction = required(path + ".direction", node.get("direction"), Direction.class);
        Integer width =
                count(path + ".width", node.get("width"), MAX_DIMENSION) instanceof Long w ? w.intValue() : null;
        Integer height =
                count(path + ".height", node.get("height"), MAX_DIMENSION) instanceof Long h ? h.intValue() : null;
        return new QualityReport.Track(
                kind,
                direction,
                codec(path + ".codec", node.get("codec")),
                number(path + ".bitrateKbps", node.get("bitrateKbps"), MAX_KBPS),
                count(path + ".packetsLost", node.get("packetsLost"), MAX_COUNT),
                number(path + ".lossRatio", node.get("lossRatio"), 1),
                number(path + ".jitterMs", node.get("jitterMs"), MAX_MS),
                number(path + ".fps", node.get("fps"), MAX_FPS),
                width,
                height,
                count(path + ".framesDropped", node.get("framesDropped"), MAX_COUNT),
                count(path + ".freezes", node.get("freezes"), MAX_COUNT),
                choice(path + ".qualityLimitation", node.get("qualityLimitation"), Limitation.class));
    }

    private static void object(String path, JsonNode node) {
        if (!node.isObject()) {
            throw SignalingException.invalid(path + ": " + kindOf(node) + " (expected: an object)");
        }
    }

    private static String peer(String path, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || !(node.asText().equals(SFU_PEER) || Ids.isValid(node.asText()))) {
            throw SignalingException.invalid(path + ": " + describe(node) + " (expected: a participant's user id, \""
                    + SFU_PEER + "\", or absent)");
        }
        return node.asText();
    }

    private static String codec(String path, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || !CODEC.matcher(node.asText()).matches()) {
            throw SignalingException.invalid(
                    path + ": " + describe(node) + " (expected: 1 to 64 characters of [A-Za-z0-9/._+-], or absent)");
        }
        return node.asText();
    }

    private static Double number(String path, JsonNode node, double max) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber() || !(node.asDouble() >= 0 && node.asDouble() <= max)) {
            throw SignalingException.invalid(
                    path + ": " + describe(node) + " (expected: a number from 0 to " + plain(max) + ", or absent)");
        }
        return node.asDouble();
    }

    private static Long count(String path, JsonNode node, long max) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0 || node.asLong() > max) {
            throw SignalingException.invalid(
                    path + ": " + describe(node) + " (expected: an integer from 0 to " + max + ", or absent)");
        }
        return node.asLong();
    }

    private static <E extends Enum<E>> E required(String path, JsonNode node, Class<E> type) {
        if (node == null || node.isNull()) {
            throw SignalingException.invalid(path + ": missing (expected: " + names(type) + ")");
        }
        return choice(path, node, type);
    }

    private static <E extends Enum<E>> E choice(String path, JsonNode node, Class<E> type) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            for (E value : type.getEnumConstants()) {
                if (value.name().toLowerCase(java.util.Locale.ROOT).equals(node.asText())) {
                    return value;
                }
            }
        }
        throw SignalingException.invalid(path + ": " + describe(node) + " (expected: " + names(type) + ")");
    }

    private static <E extends Enum<E>> String names(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E value : type.getEnumConstants()) {
            names.add("\"" + value.name().toLowerCase(java.util.Locale.ROOT) + "\"");
        }
        return String.join(", ", names);
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
