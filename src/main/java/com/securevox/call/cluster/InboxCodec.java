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
import com.securevox.call.call.CallError;
import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.JoinKind;
import com.securevox.call.call.JoinRequest;
import com.securevox.call.call.MediaKind;
import com.securevox.call.call.Metadata;
import com.securevox.call.call.NodeBus.Envelope;
import com.securevox.call.call.NodeBus.Sender;
import com.securevox.call.call.NodeMessage;
import com.securevox.call.call.NodeMessage.Attach;
import com.securevox.call.call.NodeMessage.Deliver;
import com.securevox.call.call.NodeMessage.Disconnected;
import com.securevox.call.call.NodeMessage.Epoch;
import com.securevox.call.call.NodeMessage.Join;
import com.securevox.call.call.NodeMessage.Kick;
import com.securevox.call.call.NodeMessage.KickReason;
import com.securevox.call.call.NodeMessage.Leave;
import com.securevox.call.call.NodeMessage.Mute;
import com.securevox.call.call.NodeMessage.Payload;
import com.securevox.call.call.NodeMessage.Refused;
import com.securevox.call.call.NodeMessage.Relay;
import com.securevox.call.call.NodeMessage.State;
import com.securevox.call.call.Role;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
    private static final List<String> TYPES = List.of(
            "join", "leave", "relay", "mute", "disconnected", "attach", "state", "refused", "deliver", "kick", "epoch");

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
        switch (message) {
            case Join join -> {
                JoinRequest request = join.request();
                body.put("connection", request.connection().value());
                body.put("userId", request.userId());
                body.put("role", request.role().wireName());
                body.put("metadata", request.metadata().map(Metadata::json).orElse(null));
                body.put("audioMuted", request.audioMuted());
                body.put("videoMuted", request.videoMuted());
                body.put("e2ee", request.e2ee());
                body.put("transport", request.client().transport());
                body.put("userAgent", request.client().userAgent());
                body.put("tokenIssuedAt", request.tokenIssuedAt().toString());
            }
            case Leave leave -> body.put("connection", leave.connection().value());
            case Relay relay -> {
                body.put("connection", relay.from().value());
                body.put("to", relay.toUserId().orElse(null));
                payload(body, relay.signal());
            }
            case Mute mute -> {
                body.put("connection", mute.connection().value());
                body.put("kind", lower(mute.kind()));
                body.put("muted", mute.muted());
            }
            case Disconnected disconnected ->
                body.put("connection", disconnected.connection().value());
            case Attach attach -> {
                body.put("connection", attach.connection().value());
                body.put("userId", attach.userId());
            }
            case State state -> {
                body.put("connection", state.connection().value());
                body.put("kind", lower(state.kind()));
                payload(body, state.joined());
            }
            case Refused refused -> {
                body.put("connection", refused.connection().value());
                body.put("error", refused.error().name());
            }
            case Deliver deliver -> {
                body.put("connection", deliver.connection().value());
                payload(body, deliver.event());
            }
            case Kick kick -> {
                body.put("connection", kick.connection().value());
                body.put("reason", lower(kick.reason()));
            }
            case Epoch epoch -> body.put("owner", epoch.owner());
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
            NodeMessage message =
                    switch (type) {
                        case "join" -> join(in, callId, epoch);
                        case "leave" -> new Leave(callId, epoch, connection(in));
                        case "relay" ->
                            new Relay(
                                    callId,
                                    epoch,
                                    connection(in),
                                    Optional.ofNullable(in.textOrNull("to")),
                                    payload(in));
                        case "mute" ->
                            new Mute(
                                    callId,
                                    epoch,
                                    connection(in),
                                    constant(in, "kind", MediaKind.class),
                                    in.bool("muted"));
                        case "disconnected" -> new Disconnected(callId, epoch, connection(in));
                        case "attach" -> new Attach(callId, epoch, connection(in), in.text("userId"));
                        case "state" ->
                            new State(callId, epoch, connection(in), constant(in, "kind", JoinKind.class), payload(in));
                        case "refused" -> new Refused(callId, epoch, connection(in), error(in));
                        case "deliver" -> new Deliver(callId, epoch, connection(in), payload(in));
                        case "kick" ->
                            new Kick(callId, epoch, connection(in), constant(in, "reason", KickReason.class));
                        case "epoch" -> new Epoch(callId, epoch, in.text("owner"));
                        default -> throw new IllegalStateException("type " + type + " was checked against " + TYPES);
                    };
            in.finish();
            return message;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw in.invalid(e);
        }
    }

    private static Join join(JsonFields in, String callId, long epoch) throws RedisValueException {
        ConnectionId connection = connection(in);
        String userId = in.text("userId");
        Role role = Role.fromWire(in.oneOf("role", wireNames(Role.values()))).orElseThrow();
        Optional<Metadata> metadata =
                Optional.ofNullable(in.textOrNull("metadata")).map(Metadata::new);
        boolean audioMuted = in.bool("audioMuted");
        boolean videoMuted = in.bool("videoMuted");
        boolean e2ee = in.bool("e2ee");
        ClientInfo client = new ClientInfo(in.text("transport"), in.text("userAgent"));
        String issued = in.text("tokenIssuedAt");
        Instant tokenIssuedAt;
        try {
            tokenIssuedAt = Instant.parse(issued);
        } catch (DateTimeParseException e) {
            throw new RedisValueException("join.tokenIssuedAt: " + shown(issued)
                    + " (expected: an ISO-8601 instant such as 2026-12-06T10:00:00Z)");
        }
        return new Join(
                epoch,
                new JoinRequest(
                        connection,
                        userId,
                        role,
                        callId,
                        metadata,
                        audioMuted,
                        videoMuted,
                        e2ee,
                        client,
                        tokenIssuedAt));
    }

    private static ConnectionId connection(JsonFields in) throws RedisValueException {
        return new ConnectionId(in.text("connection"));
    }

    private static Payload payload(JsonFields in) throws RedisValueException {
        return new Payload(in.text("event"), in.text("data"));
    }

    private static void payload(ObjectNode body, Payload payload) {
        body.put("event", payload.event());
        body.put("data", payload.data());
    }

    private static CallError error(JsonFields in) throws RedisValueException {
        return CallError.valueOf(in.oneOf(
                "error", Arrays.stream(CallError.values()).map(Enum::name).toList()));
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
            case Join j -> "join";
            case Leave l -> "leave";
            case Relay r -> "relay";
            case Mute m -> "mute";
            case Disconnected d -> "disconnected";
            case Attach a -> "attach";
            case State s -> "state";
            case Refused r -> "refused";
            case Deliver d -> "deliver";
            case Kick k -> "kick";
            case Epoch e -> "epoch";
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
