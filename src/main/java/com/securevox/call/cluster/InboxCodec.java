package com.securevox.call.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.NodeBus.Envelope;
import com.securevox.call.call.NodeBus.Sender;
import com.securevox.call.call.NodeMessage;
import com.securevox.call.call.NodeMessage.Bounced;
import com.securevox.call.call.NodeMessage.Deliver;
import com.securevox.call.call.NodeMessage.Disconnected;
import com.securevox.call.call.NodeMessage.Forward;
import com.securevox.call.call.NodeMessage.Handed;
import com.securevox.call.call.NodeMessage.Kick;
import com.securevox.call.call.NodeMessage.KickReason;
import com.securevox.call.call.NodeMessage.Open;
import com.securevox.call.call.NodeMessage.Payload;
import com.securevox.call.call.NodeMessage.Reply;
import com.securevox.call.call.NodeMessage.RingEvent;
import com.securevox.call.call.Role;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link Envelope} as the fields of one entry of a node's inbox stream: {@code v} (the format, {@code 1}), {@code
 * from} and {@code run} (the sender), {@code seq}, {@code type} (the message's kind in lower case) and {@code body}, a
 * JSON object with the message's fields. Decoding is strict, since anything can be written into a stream: every field
 * must be there with the expected type and nothing else; a value a domain record refuses is refused too. Every error
 * is a {@link RedisValueException} naming the field and what was expected.
 */
final class InboxCodec {
    static final String VERSION = "1";
    static final List<String> FIELDS = List.of("v", "from", "run", "seq", "type", "body");
    /** Room for the largest payload with every character escaped, and the other fields. */
    static final int MAX_BODY_LENGTH = NodeMessage.MAX_DATA_LENGTH * 6 + 64 * 1024;

    private static final int SHOWN_MAX = 40;
    private static final List<String> TYPES =
            List.of("open", "forward", "disconnected", "reply", "deliver", "bounced", "handed", "kick", "ring");

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(4)
                            .maxStringLength(MAX_BODY_LENGTH)
                            .build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private InboxCodec() {}

    static Map<String, String> encode(Envelope envelope) {
        ObjectNode body = JSON.createObjectNode();
        NodeMessage message = envelope.message();
        body.put("callId", message.callId());
        body.put("epoch", message.epoch());
        body.put("connection", message.connection().value());
        switch (message) {
            case Open open -> {
                body.put("userId", open.userId());
                body.put("role", open.role().wireName());
                body.put("tokenIssuedAt", open.tokenIssuedAt().toString());
                body.put("tokenExpiresAt", open.tokenExpiresAt().toString());
                body.put("remoteAddress", open.remoteAddress());
                body.put("transport", open.client().transport());
                body.put("userAgent", open.client().userAgent());
            }
            case Forward forward -> {
                payload(body, forward.event());
                body.put("requestId", forward.requestId());
            }
            case Disconnected disconnected -> {
                // its call, epoch and connection say it all
            }
            case Reply reply -> {
                body.put("requestId", reply.requestId());
                body.put("data", reply.data());
            }
            case Deliver deliver -> payload(body, deliver.event());
            case Bounced bounced -> payload(body, bounced.event());
            case Handed handed -> {
                body.put("userId", handed.userId());
                payload(body, handed.event());
            }
            case Kick kick -> body.put("reason", lower(kick.reason()));
            case RingEvent ring -> {
                body.put("userId", ring.userId());
                payload(body, ring.event());
                body.put("requestId", ring.requestId());
            }
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("v", VERSION);
        fields.put("from", envelope.from().node());
        fields.put("run", envelope.from().run());
        fields.put("seq", Long.toString(envelope.seq()));
        fields.put("type", type(message));
        try {
            fields.put("body", JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a message's body cannot be written as JSON", e);
        }
        return fields;
    }

    static Envelope decode(Map<String, String> fields) throws RedisValueException {
        if (fields == null) {
            throw new RedisValueException("entry: missing (expected: the fields " + FIELDS + ")");
        }
        for (String name : FIELDS) {
            if (fields.get(name) == null) {
                throw new RedisValueException("entry." + name + ": missing (expected: the fields " + FIELDS + ")");
            }
        }
        if (fields.size() != FIELDS.size()) {
            Set<String> extra = new TreeSet<>();
            fields.keySet().stream().filter(f -> !FIELDS.contains(f)).forEach(f -> extra.add(shown(f)));
            throw new RedisValueException("entry: unexpected fields " + extra + " (expected only: " + FIELDS + ")");
        }
        if (!VERSION.equals(fields.get("v"))) {
            throw new RedisValueException("entry.v: " + shown(fields.get("v")) + " (expected: " + VERSION + ")");
        }
        Sender from;
        try {
            from = new Sender(fields.get("from"), fields.get("run"));
        } catch (IllegalArgumentException e) {
            throw new RedisValueException("entry." + e.getMessage());
        }
        long seq = sequence(fields.get("seq"));
        String type = fields.get("type");
        if (!TYPES.contains(type)) {
            throw new RedisValueException("entry.type: " + shown(type) + " (expected: one of " + TYPES + ")");
        }
        return new Envelope(from, seq, message(type, body(fields.get("body"))));
    }

    private static NodeMessage message(String type, ObjectNode body) throws RedisValueException {
        JsonFields in = new JsonFields(body, type);
        try {
            String callId = in.text("callId");
            long epoch = in.positive("epoch");
            ConnectionId connection = new ConnectionId(in.text("connection"));
            NodeMessage message =
                    switch (type) {
                        case "open" -> open(in, callId, epoch, connection);
                        case "forward" ->
                            new Forward(callId, epoch, connection, payload(in), in.nonNegative("requestId"));
                        case "disconnected" -> new Disconnected(callId, epoch, connection);
                        case "reply" -> new Reply(callId, epoch, connection, in.positive("requestId"), in.text("data"));
                        case "deliver" -> new Deliver(callId, epoch, connection, payload(in));
                        case "bounced" -> new Bounced(callId, epoch, connection, payload(in));
                        case "handed" -> new Handed(callId, epoch, connection, in.text("userId"), payload(in));
                        case "kick" -> new Kick(callId, epoch, connection, constant(in, "reason", KickReason.class));
                        case "ring" ->
                            new RingEvent(
                                    callId,
                                    epoch,
                                    connection,
                                    in.text("userId"),
                                    payload(in),
                                    in.positive("requestId"));
                        default -> throw new IllegalStateException("type " + type + " was checked against " + TYPES);
                    };
            in.finish();
            return message;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw in.invalid(e);
        }
    }

    private static Open open(JsonFields in, String callId, long epoch, ConnectionId connection)
            throws RedisValueException {
        String userId = in.text("userId");
        Role role = Role.fromWire(in.oneOf("role", wireNames(Role.values()))).orElseThrow();
        Instant issuedAt = instant(in, "tokenIssuedAt");
        Instant expiresAt = instant(in, "tokenExpiresAt");
        String remoteAddress = in.text("remoteAddress");
        ClientInfo client = new ClientInfo(in.text("transport"), in.text("userAgent"));
        return new Open(callId, epoch, connection, userId, role, issuedAt, expiresAt, remoteAddress, client);
    }

    private static Instant instant(JsonFields in, String name) throws RedisValueException {
        String text = in.text(name);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new RedisValueException(in.where() + "." + name + ": " + shown(text)
                    + " (expected: an ISO-8601 instant such as 2026-12-06T10:00:00Z)");
        }
    }

    private static Payload payload(JsonFields in) throws RedisValueException {
        return new Payload(in.text("event"), in.text("data"));
    }

    private static void payload(ObjectNode body, Payload payload) {
        body.put("event", payload.event());
        body.put("data", payload.data());
    }

    private static <E extends Enum<E>> E constant(JsonFields in, String name, Class<E> type)
            throws RedisValueException {
        String value = in.oneOf(name, wireNames(type.getEnumConstants()));
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    }

    private static List<String> wireNames(Enum<?>[] constants) {
        return Arrays.stream(constants).map(InboxCodec::lower).toList();
    }

    private static String lower(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private static String type(NodeMessage message) {
        return switch (message) {
            case Open o -> "open";
            case Forward f -> "forward";
            case Disconnected d -> "disconnected";
            case Reply r -> "reply";
            case Deliver d -> "deliver";
            case Bounced b -> "bounced";
            case Handed h -> "handed";
            case Kick k -> "kick";
            case RingEvent r -> "ring";
        };
    }

    private static long sequence(String raw) throws RedisValueException {
        boolean digits = !raw.isEmpty() && raw.length() <= 19 && raw.charAt(0) != '0';
        for (int i = 0; digits && i < raw.length(); i++) {
            digits = raw.charAt(i) >= '0' && raw.charAt(i) <= '9';
        }
        if (digits) {
            try {
                return Long.parseLong(raw);
            } catch (NumberFormatException e) {
                // above Long.MAX_VALUE: refused below
            }
        }
        throw new RedisValueException("entry.seq: " + shown(raw) + " (expected: a whole number from 1 to "
                + Long.MAX_VALUE + " without sign or leading zero)");
    }

    private static ObjectNode body(String raw) throws RedisValueException {
        if (raw.length() > MAX_BODY_LENGTH) {
            throw new RedisValueException(
                    "entry.body: " + raw.length() + " characters (expected: at most " + MAX_BODY_LENGTH + ")");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new RedisValueException("entry.body: not JSON (" + shown(e.getOriginalMessage()) + ")");
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new RedisValueException("entry.body: "
                    + (tree == null || tree.isMissingNode()
                            ? "empty"
                            : tree.getNodeType().name().toLowerCase(Locale.ROOT))
                    + " (expected: a JSON object)");
        }
        return object;
    }

    /** A value read from Redis, cut short and with anything unprintable replaced, fit for a log line. */
    static String shown(String raw) {
        if (raw == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("'");
        raw.codePoints().limit(SHOWN_MAX).forEach(c -> out.appendCodePoint(c >= 0x20 && c < 0x7F ? c : '?'));
        return out.append(raw.codePointCount(0, raw.length()) > SHOWN_MAX ? "…'" : "'")
                .toString();
    }
}
