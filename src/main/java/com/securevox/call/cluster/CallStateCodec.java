package com.securevox.call.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.securevox.call.call.CallState;
import com.securevox.call.call.Metadata;
import com.securevox.call.call.Participant;
import com.securevox.call.call.Role;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link CallState} as the JSON text kept in Redis ({@link RedisCallStates}):
 *
 * <pre>{@code
 * {"v":1,"sessionId":"…","startedAt":"2026-12-06T20:00:00.123Z","e2ee":false,"peakParticipants":2,
 *  "participants":[{"userId":"…","role":"host","audioMuted":false,"videoMuted":true,
 *                   "joinedAt":"…","metadata":"{\"name\":\"Alice\"}"}],
 *  "removed":{"mallory":"…"}}
 * }</pre>
 *
 * Instants are ISO-8601 in UTC as {@link Instant#toString} writes them, so they keep every digit of precision the
 * call had. Decoding is strict like {@link RedisValues}: exactly these fields, each of its type, duplicate names
 * refused, the state's own rules checked; anything else is a {@link RedisValueException} naming the field and what
 * was expected, never a state made up from garbage. {@code metadata} is the participant's metadata object as text
 * (validated when the participant joined) or {@code null}.
 */
public final class CallStateCodec {
    /** The only version written; a node that reads another refuses it rather than guess. */
    static final int VERSION = 1;

    /** Far above any real call's state (participants are capped, metadata is at most 1 KiB each). */
    public static final int MAX_LENGTH = 1 << 20;

    private static final Set<String> FIELDS =
            Set.of("v", "sessionId", "startedAt", "e2ee", "peakParticipants", "participants", "removed");
    private static final Set<String> PARTICIPANT_FIELDS =
            Set.of("userId", "role", "audioMuted", "videoMuted", "joinedAt", "metadata");

    /** A state nests three deep; deeper garbage is refused before it costs anything. */
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(
                            StreamReadConstraints.builder().maxNestingDepth(8).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private CallStateCodec() {}

    public static String encode(CallState state) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode root = nodes.objectNode();
        root.put("v", VERSION);
        root.put("sessionId", state.sessionId());
        root.put("startedAt", state.startedAt().toString());
        root.put("e2ee", state.e2ee());
        root.put("peakParticipants", state.peakParticipants());
        ArrayNode participants = root.putArray("participants");
        for (Participant p : state.participants()) {
            ObjectNode one = participants.addObject();
            one.put("userId", p.userId());
            one.put("role", p.role().wireName());
            one.put("audioMuted", p.audioMuted());
            one.put("videoMuted", p.videoMuted());
            one.put("joinedAt", p.joinedAt().toString());
            one.put("metadata", p.metadata().map(Metadata::json).orElse(null));
        }
        ObjectNode removed = root.putObject("removed");
        state.removed().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> removed.put(e.getKey(), e.getValue().toString()));
        return root.toString();
    }

    /** The state in {@code raw}, exactly as {@link #encode} writes it up to JSON whitespace and field order. */
    public static CallState decode(String raw) throws RedisValueException {
        if (raw == null) {
            throw new RedisValueException("call state: missing (expected: a JSON object)");
        }
        if (raw.length() > MAX_LENGTH) {
            throw new RedisValueException(
                    "call state: " + raw.length() + " characters (expected: at most " + MAX_LENGTH + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new RedisValueException(
                    "call state: not JSON (" + firstLine(e.getOriginalMessage()) + ") (expected: a JSON object)");
        }
        if (root == null || !root.isObject()) {
            throw new RedisValueException("call state: " + kind(root) + " (expected: a JSON object)");
        }
        fields(root, FIELDS, "call state");
        JsonNode version = root.get("v");
        if (!version.isInt() || version.intValue() != VERSION) {
            throw new RedisValueException("v: " + kind(version) + " (expected: " + VERSION + ")");
        }
        String sessionId = text(root, "sessionId", "sessionId");
        Instant startedAt = instant(root, "startedAt", "startedAt");
        boolean e2ee = bool(root, "e2ee", "e2ee");
        JsonNode peak = root.get("peakParticipants");
        if (!peak.isInt() || peak.intValue() < 1) {
            throw new RedisValueException("peakParticipants: " + kind(peak) + " (expected: a whole number >= 1)");
        }
        JsonNode list = root.get("participants");
        if (!list.isArray()) {
            throw new RedisValueException("participants: " + kind(list) + " (expected: an array)");
        }
        List<Participant> participants = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            participants.add(participant(list.get(i), "participants[" + i + "]"));
        }
        JsonNode removedNode = root.get("removed");
        if (!removedNode.isObject()) {
            throw new RedisValueException(
                    "removed: " + kind(removedNode) + " (expected: an object of userId to instant)");
        }
        Map<String, Instant> removed = new LinkedHashMap<>();
        for (Iterator<String> names = removedNode.fieldNames(); names.hasNext(); ) {
            String userId = names.next();
            removed.put(userId, instant(removedNode, userId, "removed[" + RedisValues.shown(userId) + "]"));
        }
        try {
            return new CallState(sessionId, startedAt, e2ee, peak.intValue(), participants, removed);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new RedisValueException("call state: " + firstLine(e.getMessage()));
        }
    }

    private static Participant participant(JsonNode node, String where) throws RedisValueException {
        if (!node.isObject()) {
            throw new RedisValueException(where + ": " + kind(node) + " (expected: a participant object)");
        }
        fields(node, PARTICIPANT_FIELDS, where);
        String userId = text(node, "userId", where + ".userId");
        String roleName = text(node, "role", where + ".role");
        Role role = Role.fromWire(roleName)
                .orElseThrow(() -> new RedisValueException(
                        where + ".role: " + RedisValues.shown(roleName) + " (expected: participant or host)"));
        boolean audioMuted = bool(node, "audioMuted", where + ".audioMuted");
        boolean videoMuted = bool(node, "videoMuted", where + ".videoMuted");
        Instant joinedAt = instant(node, "joinedAt", where + ".joinedAt");
        JsonNode metadata = node.get("metadata");
        if (!metadata.isNull() && !metadata.isTextual()) {
            throw new RedisValueException(
                    where + ".metadata: " + kind(metadata) + " (expected: null or the metadata object as text)");
        }
        try {
            return new Participant(
                    userId,
                    role,
                    audioMuted,
                    videoMuted,
                    joinedAt,
                    metadata.isNull() ? Optional.empty() : Optional.of(new Metadata(metadata.textValue())));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new RedisValueException(where + ": " + firstLine(e.getMessage()));
        }
    }

    /** Exactly {@code expected}'s fields: none missing, none more. */
    private static void fields(JsonNode node, Set<String> expected, String where) throws RedisValueException {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!expected.contains(name)) {
                throw new RedisValueException(where + ": field " + RedisValues.shown(name) + " (expected: only "
                        + String.join(", ", expected.stream().sorted().toList()) + ")");
            }
        }
        for (String name : expected.stream().sorted().toList()) {
            if (!node.has(name)) {
                throw new RedisValueException(where + ": no field '" + name + "' (expected: "
                        + String.join(", ", expected.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String text(JsonNode node, String field, String where) throws RedisValueException {
        JsonNode value = node.get(field);
        if (!value.isTextual()) {
            throw new RedisValueException(where + ": " + kind(value) + " (expected: a string)");
        }
        return value.textValue();
    }

    private static boolean bool(JsonNode node, String field, String where) throws RedisValueException {
        JsonNode value = node.get(field);
        if (!value.isBoolean()) {
            throw new RedisValueException(where + ": " + kind(value) + " (expected: true or false)");
        }
        return value.booleanValue();
    }

    /** Only the canonical form {@link Instant#toString} writes, so an instant decodes to one text only. */
    private static Instant instant(JsonNode node, String field, String where) throws RedisValueException {
        String raw = text(node, field, where);
        try {
            Instant instant = Instant.parse(raw);
            if (instant.toString().equals(raw)) {
                return instant;
            }
        } catch (DateTimeException e) {
            // reported below
        }
        throw new RedisValueException(where + ": " + RedisValues.shown(raw)
                + " (expected: an ISO-8601 instant in UTC such as" + " 2026-12-06T20:00:00.123Z)");
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case NULL -> "null";
            case BOOLEAN -> "the boolean " + node.booleanValue();
            case NUMBER -> "the number " + RedisValues.shown(node.asText());
            case STRING -> "the string " + RedisValues.shown(node.textValue());
            case ARRAY -> "an array of " + node.size();
            case OBJECT -> "an object";
            case BINARY, POJO, MISSING -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Messages go to one log line: whatever follows a line break (Jackson adds the source) is dropped. */
    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return line.replaceAll("[\\p{Cntrl}]", "?");
    }
}
