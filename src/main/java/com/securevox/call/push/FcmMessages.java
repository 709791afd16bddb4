package com.securevox.call.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.securevox.call.ring.PushRing;
import com.securevox.call.ring.RingPush.StopReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * FCM HTTP v1 messages: data only (so the app's background handler runs even when it was killed), every value a
 * string (FCM refuses others), high priority (only high priority wakes a dozing phone), a TTL of the ring's remaining
 * time (a phone that comes back later does not ring for a dead call), and the ring id as collapse key (a stop replaces
 * an undelivered ring). The data stays under FCM's 4 KB: the metadata, then the invitees, are left out if it would
 * not.
 */
final class FcmMessages {
    /** FCM's limit on a message's data (keys and values). */
    static final int MAX_DATA_BYTES = 4096;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A stop that reports a missed call stays deliverable for an hour; one that only ends a ringing screen, a minute. */
    static final Duration MISSED_TTL = Duration.ofHours(1);

    static final Duration STOP_TTL = Duration.ofMinutes(1);

    private FcmMessages() {}

    /** The request body for one device; empty when the ring is already over (nothing worth sending). */
    static Optional<byte[]> message(String token, PushMessage message, Instant now) {
        PushRing ring = message.ring();
        Map<String, String> data;
        Duration ttl;
        switch (message) {
            case PushMessage.Ring r -> {
                ttl = Duration.between(now, ring.expiresAt());
                if (ttl.isNegative() || ttl.isZero()) {
                    return Optional.empty();
                }
                data = ringData(ring, now);
            }
            case PushMessage.Stop s -> {
                ttl = switch (s.reason()) {
                    case MISSED, CANCELLED -> MISSED_TTL;
                    case ANSWERED_ELSEWHERE, DECLINED_ELSEWHERE -> STOP_TTL;
                };
                data = stopData(ring, s.reason());
            }
        }
        ObjectNode root = JSON.createObjectNode();
        ObjectNode body = root.putObject("message");
        body.put("token", token);
        ObjectNode fields = body.putObject("data");
        data.forEach(fields::put);
        ObjectNode android = body.putObject("android");
        android.put("priority", "HIGH");
        // Whole seconds, rounded up: "45s", the format of protobuf's Duration in JSON.
        android.put("ttl", ((ttl.toMillis() + 999) / 1000) + "s");
        android.put("collapse_key", ring.ringId().toString());
        try {
            return Optional.of(JSON.writeValueAsBytes(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an FCM message", e);
        }
    }

    static Map<String, String> ringData(PushRing ring, Instant now) {
        Caller caller = Caller.of(ring);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("type", "incoming_call");
        data.put("id", ring.ringId().toString());
        data.put("ringId", ring.ringId().toString());
        data.put("sessionId", ring.sessionId());
        data.put("fromUserId", ring.fromUserId());
        data.put("nameCaller", caller.name());
        data.put("handle", caller.handle());
        data.put("media", ring.media().wireName());
        data.put("isVideo", Boolean.toString(ring.media() == PushRing.Media.VIDEO));
        data.put("expiresAt", Long.toString(ring.expiresAt().toEpochMilli()));
        data.put(
                "duration",
                Long.toString(
                        Math.max(0, Duration.between(now, ring.expiresAt()).toMillis())));
        data.put("metadata", caller.metadata().toString());
        data.put("invitees", JSON.valueToTree(ring.invitees()).toString());
        if (size(data) > MAX_DATA_BYTES) {
            data.put("metadata", "{}");
            data.put("metadataOmitted", "true");
        }
        if (size(data) > MAX_DATA_BYTES) {
            data.put("invitees", "[]");
            data.put("inviteesOmitted", "true");
        }
        return data;
    }

    static Map<String, String> stopData(PushRing ring, StopReason reason) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("type", "call_ended");
        data.put("id", ring.ringId().toString());
        data.put("ringId", ring.ringId().toString());
        data.put("sessionId", ring.sessionId());
        data.put("fromUserId", ring.fromUserId());
        data.put("nameCaller", Caller.of(ring).name());
        data.put("reason", reason.wireName());
        return data;
    }

    static int size(Map<String, String> data) {
        return data.entrySet().stream()
                .mapToInt(e -> e.getKey().getBytes(StandardCharsets.UTF_8).length
                        + e.getValue().getBytes(StandardCharsets.UTF_8).length)
                .sum();
    }
}
