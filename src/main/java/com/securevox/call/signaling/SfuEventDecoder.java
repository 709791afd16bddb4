package com.securevox.call.signaling;

import static com.securevox.call.signaling.ClientEventDecoder.describe;
import static com.securevox.call.signaling.ClientEventDecoder.kindOf;
import static com.securevox.call.signaling.ClientEventDecoder.shorten;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.securevox.call.media.IceCandidate;
import com.securevox.call.media.PeerLink;
import com.securevox.call.media.SessionDescription;
import com.securevox.call.media.View;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * Decodes our SFU extension of the contract ({@code capabilities} in {@code join_call}, {@code sfu_publish}, {@code
 * sfu_answer}, {@code sfu_candidate}, {@code sfu_view}; docs/protocol.md) with the same strictness as {@link
 * ClientEventDecoder}: known fields checked by type and size, unknown fields ignored.
 */
final class SfuEventDecoder {
    static final int MAX_CAPABILITIES = 16;
    static final int MAX_SOURCES = 16;
    static final int MAX_VIEWS = 64;

    private static final Pattern WORD = Pattern.compile("[a-z0-9_-]{1,32}");
    private static final Pattern MID = Pattern.compile("[A-Za-z0-9_-]{1,16}");
    private static final String SDP_EXPECTED = "(expected: {type: \"%s\", sdp: string})";

    private SfuEventDecoder() {}

    /** {@code capabilities}: absent, or an array of at most 16 short lower-case words; unknown words are kept. */
    static Set<String> capabilities(JsonNode node) {
        String expected =
                "(expected: an array of at most " + MAX_CAPABILITIES + " words of [a-z0-9_-], e.g. [\"sfu\"])";
        if (node == null || node.isNull()) {
            return Set.of();
        }
        if (!node.isArray() || node.size() > MAX_CAPABILITIES) {
            throw SignalingException.invalid(
                    "capabilities: " + (node.isArray() ? node.size() + " entries" : kindOf(node)) + " " + expected);
        }
        Set<String> words = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode word = node.get(i);
            if (!word.isTextual() || !WORD.matcher(word.asText()).matches()) {
                throw SignalingException.invalid("capabilities[" + i + "]: " + describe(word) + " " + expected);
            }
            words.add(word.asText());
        }
        return words;
    }

    static ClientEvent publish(JsonNode payload) {
        SessionDescription offer = description(payload, SessionDescription.Type.OFFER);
        return new ClientEvent.SfuPublish(offer, sources(payload.get("sources")));
    }

    static ClientEvent answer(JsonNode payload) {
        return new ClientEvent.SfuAnswer(description(payload, SessionDescription.Type.ANSWER));
    }

    static ClientEvent candidate(JsonNode payload, ToIntFunction<JsonNode> compactSize) {
        JsonNode linkNode = payload.get("link");
        String linkExpected = "(expected: \"publisher\" or \"subscriber\")";
        if (linkNode == null || !linkNode.isTextual()) {
            throw SignalingException.invalid("link: " + kindOf(linkNode) + " " + linkExpected);
        }
        PeerLink link =
                switch (linkNode.asText()) {
                    case "publisher" -> PeerLink.PUBLISHER;
                    case "subscriber" -> PeerLink.SUBSCRIBER;
                    default -> throw SignalingException.invalid("link: " + describe(linkNode) + " " + linkExpected);
                };
        String expected = "(expected: {candidate, sdpMid, sdpMLineIndex} or null for end of candidates)";
        if (!payload.has("candidate")) {
            throw SignalingException.invalid("candidate: missing " + expected);
        }
        JsonNode candidate = payload.get("candidate");
        if (candidate.isNull()) {
            return new ClientEvent.SfuCandidate(link, Optional.empty());
        }
        if (!candidate.isObject()) {
            throw SignalingException.invalid("candidate: " + kindOf(candidate) + " " + expected);
        }
        int size = compactSize.applyAsInt(candidate);
        if (size > ClientEventDecoder.MAX_CANDIDATE_BYTES) {
            throw SignalingException.invalid("candidate: " + size + " bytes as JSON (expected: at most "
                    + ClientEventDecoder.MAX_CANDIDATE_BYTES + ")");
        }
        JsonNode text = candidate.get("candidate");
        if (text == null || !text.isTextual()) {
            throw SignalingException.invalid("candidate.candidate: " + kindOf(text) + " (expected: a string)");
        }
        String sdpMid = ClientEventDecoder.optionalString(candidate, "candidate.sdpMid", "sdpMid");
        Integer lineIndex = null;
        JsonNode index = candidate.get("sdpMLineIndex");
        if (index != null && !index.isNull()) {
            if (!index.isIntegralNumber() || !index.canConvertToInt() || index.asInt() < 0 || index.asInt() > 65535) {
                throw SignalingException.invalid("candidate.sdpMLineIndex: " + describe(index)
                        + " (expected: an integer from 0 to 65535 or null)");
            }
            lineIndex = index.asInt();
        }
        return new ClientEvent.SfuCandidate(link, Optional.of(new IceCandidate(text.asText(), sdpMid, lineIndex)));
    }

    static ClientEvent view(JsonNode payload) {
        JsonNode views = payload.get("views");
        String expected = "(expected: an array of at most " + MAX_VIEWS + " {userId, width, height})";
        if (views == null || !views.isArray() || views.size() > MAX_VIEWS) {
            throw SignalingException.invalid("views: "
                    + (views != null && views.isArray() ? views.size() + " entries" : kindOf(views)) + " " + expected);
        }
        List<View> decoded = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            JsonNode view = views.get(i);
            String at = "views[" + i + "]";
            if (!view.isObject()) {
                throw SignalingException.invalid(at + ": " + kindOf(view) + " " + expected);
            }
            JsonNode userId = view.get("userId");
            if (userId == null || !userId.isTextual() || !com.securevox.call.call.Ids.isValid(userId.asText())) {
                throw SignalingException.invalid(at + ".userId: " + (userId == null ? "missing" : describe(userId))
                        + " (expected: a participant's userId)");
            }
            decoded.add(new View(userId.asText(), pixels(view, at, "width"), pixels(view, at, "height")));
        }
        return new ClientEvent.SfuView(decoded);
    }

    private static int pixels(JsonNode view, String at, String field) {
        JsonNode node = view.get(field);
        if (node == null
                || !node.isIntegralNumber()
                || !node.canConvertToInt()
                || node.asInt() < 0
                || node.asInt() > 16384) {
            throw SignalingException.invalid(at + "." + field + ": " + (node == null ? "missing" : describe(node))
                    + " (expected: an integer from 0 to 16384, CSS pixels)");
        }
        return node.asInt();
    }

    private static SessionDescription description(JsonNode payload, SessionDescription.Type type) {
        String wire = type == SessionDescription.Type.OFFER ? "offer" : "answer";
        String expected = SDP_EXPECTED.formatted(wire);
        JsonNode sdp = payload.get("sdp");
        if (sdp == null || !sdp.isObject()) {
            throw SignalingException.invalid("sdp: " + kindOf(sdp) + " " + expected);
        }
        JsonNode typeNode = sdp.get("type");
        if (typeNode == null || !typeNode.isTextual() || !typeNode.asText().equals(wire)) {
            throw SignalingException.invalid("sdp.type: " + (typeNode == null ? "missing" : describe(typeNode))
                    + " (expected: \"" + wire + "\")");
        }
        JsonNode body = sdp.get("sdp");
        if (ClientEventDecoder.literal(body) instanceof JsonStringLiteral literal) {
            // The transport may keep an SDP string as its JSON text (see ClientEventDecoder.RAW_SDP).
            body = TextNode.valueOf(literal.decoded());
        }
        if (body == null || !body.isTextual() || body.asText().isBlank()) {
            throw SignalingException.invalid("sdp.sdp: " + kindOf(body) + " (expected: a non-empty string)");
        }
        if (body.asText().length() > ClientEventDecoder.MAX_SDP_CHARS) {
            throw SignalingException.invalid("sdp.sdp: " + body.asText().length() + " characters (expected: at most "
                    + ClientEventDecoder.MAX_SDP_CHARS + ")");
        }
        return new SessionDescription(type, body.asText());
    }

    /** {@code sources}: which publisher mids carry the camera and which the screen (absent: all camera). */
    private static Map<String, String> sources(JsonNode node) {
        String expected = "(expected: an object of at most " + MAX_SOURCES
                + " mids, 1 to 16 characters of [A-Za-z0-9_-], each \"camera\" or \"screen\")";
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject() || node.size() > MAX_SOURCES) {
            throw SignalingException.invalid(
                    "sources: " + (node.isObject() ? node.size() + " entries" : kindOf(node)) + " " + expected);
        }
        Map<String, String> sources = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!MID.matcher(entry.getKey()).matches()) {
                throw SignalingException.invalid("sources: key '" + shorten(entry.getKey()) + "' " + expected);
            }
            JsonNode value = entry.getValue();
            if (!value.isTextual()
                    || !(value.asText().equals("camera") || value.asText().equals("screen"))) {
                throw SignalingException.invalid("sources." + entry.getKey() + ": " + describe(value) + " " + expected);
            }
            sources.put(entry.getKey(), value.asText());
        }
        return sources;
    }
}
