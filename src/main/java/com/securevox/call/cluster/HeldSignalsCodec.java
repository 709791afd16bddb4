package com.securevox.call.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.securevox.call.call.CallStates.KeptSignal;
import com.securevox.call.call.Ids;
import com.securevox.call.call.NodeMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * The signals a call's owner kept for members in reconnect grace as it handed the call over, as the JSON text kept in
 * Redis next to the call's state ({@link RedisCallStates#keepHeld}):
 *
 * <pre>{@code
 * {"v":1,"sessionId":"…","held":[{"userId":"bob","event":"data","data":"{\"sessionId\":\"…\",\"from\":\"alice\",…}"}]}
 * }</pre>
 *
 * {@code held} is in the order to replay them, member by member; {@code data} is the event's JSON as the member's
 * socket would have been sent it. Bounded: at most {@link #MAX_SIGNALS} signals and {@link #MAX_LENGTH} characters;
 * {@link #encode} keeps the longest prefix within both (each member's signals stay in order, with no gap, only later
 * ones are left out). Decoding is strict like {@link CallStateCodec}: exactly these fields, each of its type,
 * duplicate names refused, each value checked by its domain record; anything else is a {@link RedisValueException}
 * naming the field and what was expected.
 */
public final class HeldSignalsCodec {
    /** The only version written; a node that reads another refuses it rather than guess. */
    static final int VERSION = 1;

    /** Far above what a call keeps for its members in practice (a few signals each), and below what Redis takes. */
    public static final int MAX_SIGNALS = 4096;

    /** Room for a few of the largest signals, every character escaped. */
    public static final int MAX_LENGTH = 8 * 1024 * 1024;

    /** What {@link #encode} wrote: its text and how many of the signals given it holds (a prefix of them). */
    public record Encoded(String text, int count) {}

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(4)
                            .maxStringLength(MAX_LENGTH)
                            .build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private HeldSignalsCodec() {}

    /** The longest prefix of {@code held} within the bounds, for the call {@code sessionId}. */
    public static Encoded encode(String sessionId, List<KeptSignal> held) {
        if (!Ids.isValid(sessionId)) {
            throw new IllegalArgumentException(Ids.problem("sessionId", sessionId));
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("v", VERSION);
        root.put("sessionId", sessionId);
        ArrayNode list = root.putArray("held");
        // The envelope, with room for the quotes and commas each entry adds.
        long length = root.toString().length();
        int count = 0;
        for (KeptSignal one : held) {
            ObjectNode entry = JSON.createObjectNode();
            entry.put("userId", one.userId());
            entry.put("event", one.signal().event());
            entry.put("data", one.signal().data());
            long entryLength = entry.toString().length() + 1;
            if (count == MAX_SIGNALS || length + entryLength > MAX_LENGTH) {
                break;
            }
            list.add(entry);
            length += entryLength;
            count++;
        }
        return new Encoded(root.toString(), count);
    }

    /** The call's id and the signals in {@code raw}, exactly as {@link #encode} writes them up to JSON whitespace. */
    public static Decoded decode(String raw) throws RedisValueException {
        if (raw == null) {
            throw new RedisValueException("held signals: missing (expected: a JSON object)");
        }
        if (raw.length() > MAX_LENGTH) {
            throw new RedisValueException(
                    "held signals: " + raw.length() + " characters (expected: at most " + MAX_LENGTH + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new RedisValueException(
                    "held signals: not JSON (" + oneLine(e.getOriginalMessage()) + ") (expected: a JSON object)");
        }
        if (!(root instanceof ObjectNode object)) {
            throw new RedisValueException("held signals: "
                    + (root == null ? "nothing" : root.getNodeType().name().toLowerCase(java.util.Locale.ROOT))
                    + " (expected: a JSON object)");
        }
        JsonFields in = new JsonFields(object, "held signals");
        long version = in.positive("v");
        if (version != VERSION) {
            throw new RedisValueException("held signals.v: " + version + " (expected: " + VERSION + ")");
        }
        String sessionId = in.text("sessionId");
        if (!Ids.isValid(sessionId)) {
            throw new RedisValueException("held signals." + oneLine(Ids.problem("sessionId", sessionId)));
        }
        ArrayNode list = in.array("held");
        in.finish();
        if (list.size() > MAX_SIGNALS) {
            throw new RedisValueException(
                    "held signals.held: " + list.size() + " signals (expected: at most " + MAX_SIGNALS + ")");
        }
        List<KeptSignal> held = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            held.add(signal(list.get(i), "held signals.held[" + i + "]"));
        }
        return new Decoded(sessionId, List.copyOf(held));
    }

    /** What {@link #decode} read: the call's id and its signals, in order. */
    public record Decoded(String sessionId, List<KeptSignal> held) {}

    private static KeptSignal signal(JsonNode node, String where) throws RedisValueException {
        if (!(node instanceof ObjectNode object)) {
            throw new RedisValueException(where + ": "
                    + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + " (expected: an object of userId, event, data)");
        }
        JsonFields in = new JsonFields(object, where);
        String userId = in.text("userId");
        String event = in.text("event");
        String data = in.text("data");
        in.finish();
        try {
            return new KeptSignal(userId, new NodeMessage.Payload(event, data));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw in.invalid(e);
        }
    }

    private static String oneLine(String message) {
        StringBuilder out = new StringBuilder();
        String text = String.valueOf(message);
        int end = text.indexOf('\n');
        (end < 0 ? text : text.substring(0, end))
                .codePoints()
                .forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
