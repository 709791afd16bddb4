package com.securevox.call.janus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.securevox.call.media.SessionDescription;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads one text message of the Janus core API into a {@link JanusMessage}, or refuses it with a {@link
 * JanusProtocolException} that names the field and what was expected (and, when it could be read, the message's
 * transaction, so the request it answers fails rather than waits for its timeout).
 *
 * <p>Strict JSON: one value per message, no duplicate keys, no comments. Field types are checked; unknown fields are
 * ignored (see {@link StrictJson}). Thread-safe.
 */
public final class JanusDecoder {
    /** Janus's messages are flat; deeper nesting is not Janus. */
    private static final int MAX_DEPTH = 32;

    private static final String KINDS = "success, error, ack, event, webrtcup, media, slowlink, hangup, detached,"
            + " timeout, trickle, server_info or pong";

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public JanusMessage decode(String text) {
        JsonNode tree = tree(text);
        StrictJson message = StrictJson.of(tree, "");
        String transaction = readableTransaction(tree);
        try {
            return decode(message);
        } catch (JanusProtocolException e) {
            throw transaction == null ? e : e.withTransaction(transaction);
        }
    }

    /** One strict JSON value (no duplicate keys, no trailing tokens, bounded depth), as the Admin API's replies too. */
    static JsonNode tree(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new JanusProtocolException("message: not JSON (" + StrictJson.quote(e.getOriginalMessage()) + ")");
        }
    }

    private static JanusMessage decode(StrictJson message) {
        String kind = message.text("janus");
        return switch (kind) {
            case "success" -> success(message);
            case "error" -> error(message);
            case "ack" -> new JanusMessage.Ack(message.text("transaction"));
            case "event" -> event(message);
            case "webrtcup" -> new JanusMessage.WebrtcUp(session(message), message.positiveLong("sender"));
            case "media" -> media(message);
            case "slowlink" -> slowLink(message);
            case "hangup" ->
                new JanusMessage.Hangup(
                        session(message),
                        message.positiveLong("sender"),
                        message.optionalText("reason").orElse(""));
            case "detached" -> new JanusMessage.Detached(session(message), message.positiveLong("sender"));
            case "timeout" -> new JanusMessage.Timeout(session(message));
            case "trickle" -> trickle(message);
            case "server_info" -> serverInfo(message);
            case "pong" -> new JanusMessage.Pong(message.text("transaction"));
            default ->
                throw new JanusProtocolException("janus: '" + StrictJson.quote(kind) + "' (expected: " + KINDS + ")");
        };
    }

    private static JanusMessage success(StrictJson message) {
        String transaction = message.text("transaction");
        if (message.has("plugindata")) {
            return new JanusMessage.PluginSuccess(
                    transaction, session(message), message.positiveLong("sender"), pluginData(message));
        }
        return new JanusMessage.Success(
                transaction,
                message.optionalObject("data")
                        .map(data -> data.optionalPositiveLong("id"))
                        .orElse(OptionalLong.empty()));
    }

    private static JanusMessage error(StrictJson message) {
        StrictJson error = message.object("error");
        return new JanusMessage.ErrorReply(
                message.optionalText("transaction"),
                error.integer("code"),
                error.optionalText("reason").orElse(""));
    }

    private static JanusMessage event(StrictJson message) {
        Optional<Jsep> jsep = message.optionalObject("jsep").map(JanusDecoder::jsep);
        return new JanusMessage.Event(
                message.optionalText("transaction"),
                session(message),
                message.positiveLong("sender"),
                pluginData(message),
                jsep);
    }

    private static JanusMessage media(StrictJson message) {
        return new JanusMessage.Media(
                session(message),
                message.positiveLong("sender"),
                message.text("mid"),
                message.text("type"),
                message.bool("receiving"),
                message.has("substream") ? OptionalInt.of(message.integer("substream")) : OptionalInt.empty());
    }

    private static JanusMessage slowLink(StrictJson message) {
        long lost = message.longValue("lost");
        if (lost < 0) {
            throw new JanusProtocolException("lost: " + lost + " (expected: >= 0)");
        }
        return new JanusMessage.SlowLink(
                session(message),
                message.positiveLong("sender"),
                message.text("mid"),
                message.text("media"),
                message.bool("uplink"),
                lost);
    }

    private static JanusMessage trickle(StrictJson message) {
        StrictJson candidate = message.object("candidate");
        if (candidate.flag("completed")) {
            return new JanusMessage.Trickle(
                    session(message), message.positiveLong("sender"), Optional.empty(), Optional.empty());
        }
        return new JanusMessage.Trickle(
                session(message),
                message.positiveLong("sender"),
                Optional.of(candidate.text("candidate")),
                candidate.optionalText("sdpMid"));
    }

    private static JanusMessage serverInfo(StrictJson message) {
        return new JanusMessage.ServerInfo(
                message.text("transaction"),
                message.text("name"),
                message.integer("version"),
                message.text("version_string"),
                message.text("server-name"),
                message.bool("api_secret"),
                message.integer("session-timeout"),
                message.keys("plugins"),
                message.keys("transports"));
    }

    private static JanusMessage.PluginData pluginData(StrictJson message) {
        StrictJson plugin = message.object("plugindata");
        return new JanusMessage.PluginData(
                plugin.text("plugin"), plugin.object("data").node());
    }

    private static Jsep jsep(StrictJson jsep) {
        String type = jsep.text("type");
        SessionDescription.Type parsed =
                switch (type) {
                    case "offer" -> SessionDescription.Type.OFFER;
                    case "answer" -> SessionDescription.Type.ANSWER;
                    default ->
                        throw new JanusProtocolException(
                                "jsep.type: '" + StrictJson.quote(type) + "' (expected: offer or answer)");
                };
        String sdp = jsep.text("sdp");
        if (sdp.isBlank()) {
            throw new JanusProtocolException("jsep.sdp: blank (expected: an SDP)");
        }
        return new Jsep(parsed, sdp, jsep.flag("e2ee"));
    }

    private static long session(StrictJson message) {
        return message.positiveLong("session_id");
    }

    /** The transaction, if the message is an object with a string one, whatever else is wrong with it. */
    private static String readableTransaction(JsonNode tree) {
        JsonNode transaction = tree.get("transaction");
        return transaction != null && transaction.isTextual() ? transaction.asText() : null;
    }
}
