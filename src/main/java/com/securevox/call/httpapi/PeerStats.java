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
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new PeerException("stats: not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new PeerException("stats: unreadable (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new PeerException("stats: " + kind(root) + " (expected: an object)");
        }
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

    private static ApiBodies.Stats.ActiveCall call(String at, JsonNode call) throws PeerException {
        if (!call.isObject()) {
            throw new PeerException(at + ": " + kind(call) + " (expected: an object)");
        }
        String sessionId = id(at + ".sessionId", call.get("sessionId"));
        JsonNode participants = call.get("participants");
        if (participants == null || !participants.isArray()) {
            throw new PeerException(at + ".participants: " + kind(participants) + " (expected: an array)");
        }
        List<String> users = new ArrayList<>(participants.size());
        for (int i = 0; i < participants.size(); i++) {
            users.add(id(at + ".participants[" + i + "]", participants.get(i)));
        }
        int participantCount = count(at + ".participantCount", call.get("participantCount"));
        if (participantCount != users.size()) {
            throw new PeerException(at + ".participantCount: " + participantCount + " (expected: " + users.size()
                    + ", the participants listed)");
        }
        JsonNode media = call.get("media");
        String mode = media != null && media.isTextual() ? media.asText() : "";
        if (!mode.equals("mesh") && !mode.equals("sfu")) {
            throw new PeerException(at + ".media: " + kind(media) + " (expected: \"mesh\" or \"sfu\")");
        }
        JsonNode e2ee = call.get("e2ee");
        if (e2ee == null || !e2ee.isBoolean()) {
            throw new PeerException(at + ".e2ee: " + kind(e2ee) + " (expected: true or false)");
        }
        return new ApiBodies.Stats.ActiveCall(
                sessionId,
                users,
                participantCount,
                seconds(at + ".startedAt", call.get("startedAt")),
                seconds(at + ".durationSeconds", call.get("durationSeconds")),
                mode,
                e2ee.asBoolean(),
                null);
    }

    private static String id(String at, JsonNode value) throws PeerException {
        if (value == null || !value.isTextual() || !Ids.isValid(value.asText())) {
            throw new PeerException(at + ": " + kind(value) + " (expected: an id of 1 to 128 [A-Za-z0-9_.:@-])");
        }
        return value.asText();
    }

    private static int count(String at, JsonNode value) throws PeerException {
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
    private static String kind(JsonNode value) {
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
