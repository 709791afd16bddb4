package com.securevox.call.signaling;

import static com.securevox.call.signaling.ClientEventDecoder.describe;
import static com.securevox.call.signaling.ClientEventDecoder.id;
import static com.securevox.call.signaling.ClientEventDecoder.kindOf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.POJONode;
import com.securevox.call.call.MediaKind;
import java.util.Optional;

/**
 * Decodes our host-control and in-call message extension ({@code mute_participant}, {@code remove_participant}, {@code
 * end_call}, {@code data}; docs/protocol.md) with the same strictness as {@link ClientEventDecoder}: known fields
 * checked by type and size, unknown fields ignored.
 */
final class InCallEventDecoder {
    /** The largest {@code data} payload, as compact JSON in UTF-8. */
    static final int MAX_DATA_BYTES = 16 * 1024;

    static final int MAX_TOPIC_CHARS = 64;
    private static final String KIND_EXPECTED = "(expected: \"audio\" or \"video\")";
    private static final String TOPIC_EXPECTED =
            "(expected: a string of 1 to " + MAX_TOPIC_CHARS + " characters, or absent)";

    private final ObjectMapper json;

    InCallEventDecoder(ObjectMapper json) {
        this.json = json;
    }

    /** {@code {userId, kind}}. */
    static ClientEvent.MuteParticipant muteParticipant(JsonNode payload) {
        String userId = id(payload, "userId");
        JsonNode kind = payload.get("kind");
        if (kind == null || kind.isNull()) {
            throw SignalingException.invalid("kind: missing " + KIND_EXPECTED);
        }
        MediaKind mediaKind =
                switch (kind.isTextual() ? kind.asText() : "") {
                    case "audio" -> MediaKind.AUDIO;
                    case "video" -> MediaKind.VIDEO;
                    default -> throw SignalingException.invalid("kind: " + describe(kind) + " " + KIND_EXPECTED);
                };
        return new ClientEvent.MuteParticipant(userId, mediaKind);
    }

    /** {@code {userId}}. */
    static ClientEvent.RemoveParticipant removeParticipant(JsonNode payload) {
        return new ClientEvent.RemoveParticipant(id(payload, "userId"));
    }

    /** Nothing, or an object whose fields are ignored: the call is the one the host is in. */
    static ClientEvent.EndCall endCall(JsonNode payload) {
        if (payload != null && !payload.isNull() && !payload.isMissingNode() && !payload.isObject()) {
            throw SignalingException.invalid(
                    "payload: " + kindOf(payload) + " (expected: a JSON object or nothing for end_call)");
        }
        return new ClientEvent.EndCall();
    }

    /** {@code {to?, topic?, payload}}: {@code payload} any JSON value, null included, of at most 16 KiB. */
    ClientEvent.Data data(JsonNode payload) {
        JsonNode toNode = payload.get("to");
        Optional<String> to = toNode == null || toNode.isNull() ? Optional.empty() : Optional.of(id(payload, "to"));
        Optional<String> topic = topic(payload.get("topic"));
        JsonNode body = payload.get("payload");
        if (body instanceof POJONode pojo && pojo.getPojo() instanceof RawJson raw) {
            // The transport kept the client's object or array as its text: sent on as it came, when it fits.
            if (raw.bytes() <= MAX_DATA_BYTES) {
                return new ClientEvent.Data(to, new DataSignal(topic, raw));
            }
            body = raw.decoded(); // spaces the limit does not count may make it look too large: measure it compact
        }
        if (body == null || body.isMissingNode()) {
            throw SignalingException.invalid(
                    "payload: missing (expected: any JSON value of at most " + MAX_DATA_BYTES + " bytes)");
        }
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw SignalingException.invalid("payload: not serialisable as JSON (expected: a JSON value)");
        }
        if (bytes.length > MAX_DATA_BYTES) {
            throw SignalingException.invalid(
                    "payload: " + bytes.length + " bytes as JSON (expected: at most " + MAX_DATA_BYTES + ")");
        }
        return new ClientEvent.Data(to, new DataSignal(topic, RawJson.of(bytes)));
    }

    private static Optional<String> topic(JsonNode topic) {
        if (topic == null || topic.isNull()) {
            return Optional.empty();
        }
        if (!topic.isTextual()) {
            throw SignalingException.invalid("topic: " + kindOf(topic) + " " + TOPIC_EXPECTED);
        }
        int length = topic.asText().codePointCount(0, topic.asText().length());
        if (length < 1 || length > MAX_TOPIC_CHARS) {
            throw SignalingException.invalid("topic: " + length + " characters " + TOPIC_EXPECTED);
        }
        return Optional.of(topic.asText());
    }
}
