package com.securevox.call.httpapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.quality.Grade;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Another node's own live calls ({@code GET /admin/api/calls} answered for itself), as {@link ClusterLiveCalls} reads
 * them: the fields this node writes, each checked like {@link PeerStats} checks the stats (fields it does not know are
 * skipped). Grades and muted participants must name participants of their call. What another node says is outside
 * input: anything else is a {@link PeerException} naming the field.
 */
record PeerLiveCalls(List<LiveCalls.Call> calls, int connectedUsers) {
    private static final Set<String> GRADES =
            Set.copyOf(Arrays.stream(Grade.values()).map(Grade::wireName).toList());

    PeerLiveCalls {
        calls = List.copyOf(calls);
    }

    static PeerLiveCalls decode(ObjectMapper json, byte[] body) throws PeerException {
        JsonNode root = PeerStats.object(json, body, "live calls");
        JsonNode calls = root.get("calls");
        if (calls == null || !calls.isArray()) {
            throw new PeerException("calls: " + PeerStats.kind(calls) + " (expected: an array)");
        }
        List<LiveCalls.Call> decoded = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            decoded.add(call("calls[" + i + "]", calls.get(i)));
        }
        return new PeerLiveCalls(decoded, PeerStats.count("connectedUsers", root.get("connectedUsers")));
    }

    private static LiveCalls.Call call(String at, JsonNode call) throws PeerException {
        if (!call.isObject()) {
            throw new PeerException(at + ": " + PeerStats.kind(call) + " (expected: an object)");
        }
        String sessionId = PeerStats.id(at + ".sessionId", call.get("sessionId"));
        List<String> participants = PeerStats.ids(at + ".participants", call.get("participants"));
        if (new HashSet<>(participants).size() != participants.size()) {
            throw new PeerException(at + ".participants: a user listed twice (expected: each participant once)");
        }
        JsonNode startedAt = call.get("startedAt");
        if (startedAt == null
                || !startedAt.isIntegralNumber()
                || !startedAt.canConvertToLong()
                || startedAt.asLong() < 0) {
            throw new PeerException(
                    at + ".startedAt: " + PeerStats.kind(startedAt) + " (expected: epoch milliseconds from 0)");
        }
        JsonNode grade = call.get("grade");
        String callGrade = grade == null || grade.isNull() ? null : grade(at + ".grade", grade);
        JsonNode grades = call.get("grades");
        if (grades == null || !grades.isObject()) {
            throw new PeerException(at + ".grades: " + PeerStats.kind(grades) + " (expected: an object)");
        }
        Map<String, String> byUser = new LinkedHashMap<>();
        for (var entry : grades.properties()) {
            String userId = participant(at + ".grades", entry.getKey(), participants);
            byUser.put(userId, grade(at + ".grades." + userId, entry.getValue()));
        }
        return new LiveCalls.Call(
                sessionId,
                participants,
                PeerStats.media(at + ".media", call.get("media")),
                PeerStats.flag(at + ".e2ee", call.get("e2ee")),
                startedAt.asLong(),
                callGrade,
                byUser,
                muted(at + ".audioMuted", call.get("audioMuted"), participants),
                muted(at + ".videoMuted", call.get("videoMuted"), participants),
                null);
    }

    private static List<String> muted(String at, JsonNode value, List<String> participants) throws PeerException {
        List<String> muted = PeerStats.ids(at, value);
        for (String userId : muted) {
            participant(at, userId, participants);
        }
        if (new HashSet<>(muted).size() != muted.size()) {
            throw new PeerException(at + ": a user listed twice (expected: each muted participant once)");
        }
        return muted;
    }

    private static String participant(String at, String userId, List<String> participants) throws PeerException {
        if (!participants.contains(userId)) {
            String shown = userId.length() > 40 ? userId.substring(0, 40) + "…" : userId;
            throw new PeerException(at + ": '" + shown + "' (expected: a participant of the call)");
        }
        return userId;
    }

    private static String grade(String at, JsonNode grade) throws PeerException {
        if (grade == null || !grade.isTextual() || !GRADES.contains(grade.asText())) {
            throw new PeerException(at + ": " + PeerStats.kind(grade) + " (expected: one of " + GRADES + ")");
        }
        return grade.asText();
    }
}
