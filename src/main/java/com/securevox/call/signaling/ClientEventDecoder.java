package com.securevox.call.signaling;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.securevox.call.call.Ids;
import com.securevox.call.call.MediaKind;
import com.securevox.call.call.Metadata;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a client event's JSON payload into a {@link ClientEvent}, or refuses it with {@code
 * INVALID_PAYLOAD} and a message naming the field, the value and what was expected.
 *
 * <p>Known fields are checked strictly by type and size; unknown fields are ignored, because
 * existing apps send extra keys (for example their own {@code sessionId} on relays) and must keep
 * working unchanged.
 */
public final class ClientEventDecoder {
    public static final int MAX_SDP_CHARS = 64 * 1024;
    /**
     * Where in an {@code offer} or {@code answer} payload the transport may leave a string as its raw JSON text (a POJO
     * node of a {@link JsonStringLiteral}) instead of decoding it: the SDP itself, relayed as it came.
     */
    public static final JsonPointer RAW_SDP = JsonPointer.compile("/sdp/sdp");

    /**
     * The event whose payload's {@link #RAW_DATA} the transport may leave as its JSON text (a POJO node of a {@link
     * RawJson}) when it is an object or an array: an in-call message's payload, sent on as it came.
     */
    public static final String RAW_DATA_EVENT = "data";

    public static final String RAW_DATA = "payload";

    public static final int MAX_METADATA_BYTES = 1024;
    public static final int MAX_CANDIDATE_BYTES = 4 * 1024;
    public static final int MAX_TOKEN_CHARS = 8 * 1024;
    /** The {@code streams} extension of offer and answer: at most this many MediaStream ids per description. */
    public static final int MAX_STREAMS = 16;

    private static final Pattern STREAM_ID = Pattern.compile("[A-Za-z0-9_.:@{}-]{1,64}");
    private static final String STREAMS_EXPECTED = "(expected: an object of at most " + MAX_STREAMS
            + " MediaStream ids, 1 to 64 characters of [A-Za-z0-9_.:@{}-], each \"camera\" or \"screen\")";

    private final ObjectMapper json;
    private final InCallEventDecoder inCall;

    public ClientEventDecoder(ObjectMapper json) {
        this.json = json;
        this.inCall = new InCallEventDecoder(json);
    }

    public ClientEvent decode(ClientEventType type, JsonNode payload) {
        return switch (type) {
            case AUTHENTICATE -> new ClientEvent.Authenticate(token(object(type, payload)));
            case JOIN_CALL -> joinCall(object(type, payload));
            case LEAVE_CALL -> leaveCall(payload);
            case OFFER -> sdp(SdpSignal.Kind.OFFER, object(type, payload));
            case ANSWER -> sdp(SdpSignal.Kind.ANSWER, object(type, payload));
            case ICE_CANDIDATE -> ice(object(type, payload));
            case MUTE_AUDIO -> new ClientEvent.Mute(MediaKind.AUDIO, requiredBoolean(object(type, payload), "muted"));
            case MUTE_VIDEO -> new ClientEvent.Mute(MediaKind.VIDEO, requiredBoolean(object(type, payload), "muted"));
            case SFU_PUBLISH -> SfuEventDecoder.publish(object(type, payload));
            case SFU_ANSWER -> SfuEventDecoder.answer(object(type, payload));
            case SFU_CANDIDATE -> SfuEventDecoder.candidate(object(type, payload), this::compactSize);
            case SFU_VIEW -> SfuEventDecoder.view(object(type, payload));
            case START_RECORDING -> recording(true, payload);
            case STOP_RECORDING -> recording(false, payload);
            case MUTE_PARTICIPANT -> InCallEventDecoder.muteParticipant(object(type, payload));
            case REMOVE_PARTICIPANT -> InCallEventDecoder.removeParticipant(object(type, payload));
            case END_CALL -> InCallEventDecoder.endCall(payload);
            case DATA -> inCall.data(object(type, payload));
            case CALL_INVITE, CALL_ACCEPT, CALL_DECLINE, CALL_CANCEL, REGISTER_DEVICE ->
                new ClientEvent.Ringing(RingEventDecoder.decode(type, object(type, payload), this::metadata));
            case QUALITY_REPORT -> QualityReportDecoder.decode(object(type, payload));
        };
    }

    /** The payload is optional ({@code {sessionId}} or nothing): the caller's call is the one it is in. */
    private static ClientEvent.Recording recording(boolean start, JsonNode payload) {
        if (payload == null || payload.isNull() || payload.isMissingNode()) {
            return new ClientEvent.Recording(start, java.util.Optional.empty());
        }
        ClientEventType type = start ? ClientEventType.START_RECORDING : ClientEventType.STOP_RECORDING;
        JsonNode sessionId = object(type, payload).get("sessionId");
        if (sessionId == null || sessionId.isNull()) {
            return new ClientEvent.Recording(start, java.util.Optional.empty());
        }
        if (!sessionId.isTextual()
                || sessionId.asText().isEmpty()
                || sessionId.asText().length() > 128) {
            throw SignalingException.invalid(
                    "sessionId: " + kindOf(sessionId) + " (expected: the call's id, 1 to 128 characters)");
        }
        return new ClientEvent.Recording(start, java.util.Optional.of(sessionId.asText()));
    }

    static JsonNode object(ClientEventType type, JsonNode payload) {
        if (payload == null || payload.isNull() || payload.isMissingNode()) {
            throw SignalingException.invalid("payload: missing (expected: a JSON object for " + type.wireName() + ")");
        }
        if (!payload.isObject()) {
            throw SignalingException.invalid(
                    "payload: " + kindOf(payload) + " (expected: a JSON object for " + type.wireName() + ")");
        }
        return payload;
    }

    private static String token(JsonNode payload) {
        JsonNode token = payload.get("token");
        if (token == null || token.isNull()) {
            throw SignalingException.invalid("token: missing (expected: a call token string)");
        }
        if (!token.isTextual() || token.asText().isEmpty()) {
            throw SignalingException.invalid("token: " + kindOf(token) + " (expected: a non-empty string)");
        }
        if (token.asText().length() > MAX_TOKEN_CHARS) {
            throw SignalingException.invalid(
                    "token: " + token.asText().length() + " characters (expected: at most " + MAX_TOKEN_CHARS + ")");
        }
        return token.asText();
    }

    private ClientEvent joinCall(JsonNode payload) {
        String sessionId = id(payload, "sessionId");
        return new ClientEvent.JoinCall(
                sessionId,
                metadata(payload.get("metadata")),
                optionalBoolean(payload, "audioMuted"),
                optionalBoolean(payload, "videoMuted"),
                SfuEventDecoder.capabilities(payload.get("capabilities")).contains("sfu"),
                optionalBoolean(payload, "e2ee"));
    }

    private static ClientEvent leaveCall(JsonNode payload) {
        if (payload == null || payload.isNull() || payload.isMissingNode()) {
            return new ClientEvent.LeaveCall(Optional.empty());
        }
        if (!payload.isObject()) {
            throw SignalingException.invalid(
                    "payload: " + kindOf(payload) + " (expected: a JSON object for leave_call)");
        }
        JsonNode sessionId = payload.get("sessionId");
        if (sessionId == null || sessionId.isNull()) {
            return new ClientEvent.LeaveCall(Optional.empty());
        }
        return new ClientEvent.LeaveCall(Optional.of(id(payload, "sessionId")));
    }

    private static ClientEvent sdp(SdpSignal.Kind kind, JsonNode payload) {
        String to = id(payload, "to");
        JsonNode sdp = payload.get("sdp");
        String expected = "(expected: {type: \"offer\"|\"answer\", sdp: string} or a string)";
        if (sdp == null || sdp.isNull()) {
            throw SignalingException.invalid("sdp: missing " + expected);
        }
        String type;
        String body;
        if (sdp.isTextual()) {
            // A bare string is relayed as the object the receiver expects, typed by the event.
            type = kind == SdpSignal.Kind.OFFER ? "offer" : "answer";
            body = sdp.asText();
        } else if (sdp.isObject()) {
            JsonNode typeNode = sdp.get("type");
            if (typeNode == null || !typeNode.isTextual()) {
                throw SignalingException.invalid("sdp.type: " + kindOf(typeNode) + " " + expected);
            }
            type = typeNode.asText();
            if (!type.equals("offer") && !type.equals("answer")) {
                throw SignalingException.invalid(
                        "sdp.type: '" + shorten(type) + "' (expected: \"offer\" or \"answer\")");
            }
            JsonNode bodyNode = sdp.get("sdp");
            if (literal(bodyNode) instanceof JsonStringLiteral literal) {
                // The transport kept the string's JSON text, already checked by its parser. A JSON string decodes to
                // at most as many characters as its text has bytes, so within the limit it needs no decoding at all.
                if (literal.contentBytes() <= MAX_SDP_CHARS) {
                    return new ClientEvent.Sdp(to, new SdpSignal(kind, type, literal, streams(payload.get("streams"))));
                }
                bodyNode = TextNode.valueOf(literal.decoded());
            }
            if (bodyNode == null || !bodyNode.isTextual()) {
                throw SignalingException.invalid("sdp.sdp: " + kindOf(bodyNode) + " (expected: a string)");
            }
            body = bodyNode.asText();
        } else {
            throw SignalingException.invalid("sdp: " + kindOf(sdp) + " " + expected);
        }
        if (body.length() > MAX_SDP_CHARS) {
            throw SignalingException.invalid(
                    "sdp: " + body.length() + " characters (expected: at most " + MAX_SDP_CHARS + ")");
        }
        return new ClientEvent.Sdp(to, new SdpSignal(kind, type, body, streams(payload.get("streams"))));
    }

    /** A string the transport passed through undecoded ({@link #RAW_SDP}) as its JSON text; null otherwise. */
    static JsonStringLiteral literal(JsonNode node) {
        return node instanceof POJONode pojo && pojo.getPojo() instanceof JsonStringLiteral literal ? literal : null;
    }

    /** The optional {@code streams} extension: which of the sender's MediaStreams is a camera or a screen. */
    private static Optional<Map<String, String>> streams(JsonNode streams) {
        if (streams == null || streams.isNull()) {
            return Optional.empty();
        }
        if (!streams.isObject()) {
            throw SignalingException.invalid("streams: " + kindOf(streams) + " " + STREAMS_EXPECTED);
        }
        if (streams.size() > MAX_STREAMS) {
            throw SignalingException.invalid("streams: " + streams.size() + " entries " + STREAMS_EXPECTED);
        }
        Map<String, String> marked = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : streams.properties()) {
            String id = entry.getKey();
            if (!STREAM_ID.matcher(id).matches()) {
                throw SignalingException.invalid("streams: key '" + shorten(id) + "' " + STREAMS_EXPECTED);
            }
            JsonNode kind = entry.getValue();
            if (!kind.isTextual()
                    || !(kind.asText().equals("camera") || kind.asText().equals("screen"))) {
                throw SignalingException.invalid("streams." + id + ": " + describe(kind) + " " + STREAMS_EXPECTED);
            }
            marked.put(id, kind.asText());
        }
        return Optional.of(marked);
    }

    private ClientEvent ice(JsonNode payload) {
        String to = id(payload, "to");
        if (!payload.has("candidate")) {
            throw SignalingException.invalid(
                    "candidate: missing (expected: {candidate, sdpMid, sdpMLineIndex} or null for end of candidates)");
        }
        JsonNode candidate = payload.get("candidate");
        if (candidate.isNull()) {
            return new ClientEvent.Ice(to, new IceSignal(Optional.empty()));
        }
        if (!candidate.isObject()) {
            throw SignalingException.invalid("candidate: " + kindOf(candidate)
                    + " (expected: {candidate, sdpMid, sdpMLineIndex} or null for end of candidates)");
        }
        int size = compactSize(candidate);
        if (size > MAX_CANDIDATE_BYTES) {
            throw SignalingException.invalid(
                    "candidate: " + size + " bytes as JSON (expected: at most " + MAX_CANDIDATE_BYTES + ")");
        }
        JsonNode text = candidate.get("candidate");
        if (text == null || !text.isTextual()) {
            throw SignalingException.invalid("candidate.candidate: " + kindOf(text) + " (expected: a string)");
        }
        String sdpMid = optionalString(candidate, "candidate.sdpMid", "sdpMid");
        Integer lineIndex = null;
        JsonNode index = candidate.get("sdpMLineIndex");
        if (index != null && !index.isNull()) {
            if (!index.canConvertToInt() || !index.isIntegralNumber() || index.asInt() < 0 || index.asInt() > 65535) {
                throw SignalingException.invalid("candidate.sdpMLineIndex: " + describe(index)
                        + " (expected: an integer from 0 to 65535 or null)");
            }
            lineIndex = index.asInt();
        }
        String ufrag = optionalString(candidate, "candidate.usernameFragment", "usernameFragment");
        return new ClientEvent.Ice(
                to, new IceSignal(Optional.of(new IceSignal.Candidate(text.asText(), sdpMid, lineIndex, ufrag))));
    }

    Optional<Metadata> metadata(JsonNode metadata) {
        if (metadata == null || metadata.isNull()) {
            return Optional.empty();
        }
        if (!metadata.isObject()) {
            throw SignalingException.invalid("metadata: " + kindOf(metadata) + " (expected: an object or null)");
        }
        String text;
        try {
            text = json.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw SignalingException.invalid("metadata: not serialisable as JSON (expected: an object)");
        }
        int size = text.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_METADATA_BYTES) {
            throw SignalingException.invalid(
                    "metadata: " + size + " bytes as JSON (expected: at most " + MAX_METADATA_BYTES + ")");
        }
        return Optional.of(new Metadata(text));
    }

    int compactSize(JsonNode node) {
        try {
            return json.writeValueAsBytes(node).length;
        } catch (JsonProcessingException e) {
            return Integer.MAX_VALUE;
        }
    }

    static String id(JsonNode payload, String field) {
        JsonNode node = payload.get(field);
        if (node == null || node.isNull()) {
            return fail(Ids.problem(field, null));
        }
        if (!node.isTextual()) {
            return fail(field + ": " + kindOf(node) + " (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])");
        }
        if (!Ids.isValid(node.asText())) {
            return fail(Ids.problem(field, node.asText()));
        }
        return node.asText();
    }

    private static boolean requiredBoolean(JsonNode payload, String field) {
        JsonNode node = payload.get(field);
        if (node == null || node.isNull()) {
            throw SignalingException.invalid(field + ": missing (expected: true or false)");
        }
        if (!node.isBoolean()) {
            throw SignalingException.invalid(field + ": " + describe(node) + " (expected: true or false)");
        }
        return node.booleanValue();
    }

    private static boolean optionalBoolean(JsonNode payload, String field) {
        JsonNode node = payload.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw SignalingException.invalid(field + ": " + describe(node) + " (expected: true, false or absent)");
        }
        return node.booleanValue();
    }

    static String optionalString(JsonNode payload, String label, String field) {
        JsonNode node = payload.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw SignalingException.invalid(label + ": " + describe(node) + " (expected: a string or null)");
        }
        return node.asText();
    }

    private static String fail(String message) {
        throw SignalingException.invalid(message);
    }

    /** The JSON kind of a value, for messages: never the value itself when it may be large. */
    static String kindOf(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case NUMBER -> "a number";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case BINARY, POJO, MISSING -> "an unsupported value";
        };
    }

    static String describe(JsonNode node) {
        if (node.isNumber() || node.isBoolean()) {
            return node.asText();
        }
        if (node.isTextual()) {
            return "'" + shorten(node.asText()) + "'";
        }
        return kindOf(node);
    }

    static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
