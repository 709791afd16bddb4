package com.securevox.call.httpapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.call.Ids;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Another node's own {@code /api/call/stats} answer, as {@link ClusterStats} reads it: the fields this node writes,
 * each checked (fields it does not know are skipped, so a newer node's additions do not make it unreachable). What
 * another node says is outside input: anything else is a {@link PeerException} naming the field.
 */
record PeerStats(List<ApiBodies.Stats.ActiveCall> calls, int connectedUsers) {

    PeerStats {
        calls = List.copyOf(calls);
    }

    static PeerStats decode(ObjectMapper json, byte[] body) throws PeerException {
        JsonNode root = object(json, body, "stats");
        JsonNode calls = root.get("activeCalls");
        if (calls == null || !calls.isArray()) {
            throw new PeerException("activeCalls: " + kind(calls) + " (expected: an array)");
        }
        List<ApiBodies.Stats.ActiveCall> decoded = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            decoded.add(call("activeCalls[" + i + "]", calls.get(i)));
        }
        return new PeerStats(decoded, count("connectedUsers", root.get("connectedUsers")));
    }

    /** The body as a JSON object, or a refusal saying what it is instead ({@code what} names the body). */
    static JsonNode object(ObjectMapper json, byte[] body, String what) throws PeerException {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new PeerException(what + ": not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new PeerException(what + ": unreadable (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new PeerException(what + ": " + kind(root) + " (expected: an object)");
        }
        return root;
    }

    private static ApiBodies.Stats.ActiveCall call(String at, JsonNode call) throws PeerException {
        if (!call.isObject()) {
            throw new PeerException(at + ": " + kind(call) + " (expected: an object)");
        }
        String sessionId = id(at + ".sessionId", call.get("sessionId"));
        List<String> users = ids(at + ".participants", call.get("participants"));
        int participantCount = count(at + ".participantCount", call.get("participantCount"));
        if (participantCount != users.size()) {
            throw new PeerException(at + ".participantCount: " + participantCount + " (expected: " + users.size()
                    + ", the participants listed)");
        }
        String mode = media(at + ".media", call.get("media"));
        boolean e2ee = flag(at + ".e2ee", call.get("e2ee"));
        return new ApiBodies.Stats.ActiveCall(
                sessionId,
                users,
                participantCount,
                seconds(at + ".startedAt", call.get("startedAt")),
                seconds(at + ".durationSeconds", call.get("durationSeconds")),
                mode,
                e2ee,
                null);
    }

    /** An array of ids. */
    static List<String> ids(String at, JsonNode array) throws PeerException {
        if (array == null || !array.isArray()) {
            throw new PeerException(at + ": " + kind(array) + " (expected: an array)");
        }
        List<String> ids = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            ids.add(id(at + "[" + i + "]", array.get(i)));
        }
        return ids;
    }

    static String media(String at, JsonNode media) throws PeerException {
        String mode = media != null && media.isTextual() ? media.asText() : "";
        if (!mode.equals("mesh") && !mode.equals("sfu")) {
            throw new PeerException(at + ": " + kind(media) + " (expected: \"mesh\" or \"sfu\")");
        }
        return mode;
    }

    static boolean flag(String at, JsonNode value) throws PeerException {
        if (value == null || !value.isBoolean()) {
            throw new PeerException(at + ": " + kind(value) + " (expected: true or false)");
        }
        return value.asBoolean();
    }

    static String id(String at, JsonNode value) throws PeerException {
        if (value == null || !value.isTextual() || !Ids.isValid(value.asText())) {
            throw new PeerException(at + ": " + kind(value) + " (expected: an id of 1 to 128 [A-Za-z0-9_.:@-])");
        }
        return value.asText();
    }

    static int count(String at, JsonNode value) throws PeerException {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 0) {
            throw new PeerException(at + ": " + kind(value) + " (expected: a whole number from 0)");
        }
        return value.asInt();
    }

    private static long seconds(String at, JsonNode value) throws PeerException {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new PeerException(at + ": " + kind(value) + " (expected: whole seconds from 0)");
        }
        return value.asLong();
    }

    /** What a value is, for a message: short, never the whole of something another node sent. */
    static String kind(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "missing";
        }
        if (value.isTextual()) {
            String text = value.asText();
            return "'" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'";
        }
        if (value.isNumber() || value.isBoolean() || value.isNull()) {
            String text = value.toString();
            return text.length() > 40 ? text.substring(0, 40) + "…" : text;
        }
        return value.isArray() ? "an array" : "an object";
    }
}
