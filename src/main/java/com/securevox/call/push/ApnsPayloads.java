package com.securevox.call.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.securevox.call.ring.PushRing;
import com.securevox.call.ring.RingPush.StopReason;
import java.nio.charset.StandardCharsets;

/**
 * APNs payloads. The VoIP one carries what an app needs to report the call to CallKit at once (as iOS demands), in
 * the keys flutter_callkit_incoming's examples read ({@code id} = the ring id, a UUID, CallKit's call UUID;
 * {@code nameCaller}, {@code handle}, {@code isVideo}); never a token. Under the 5 KB VoIP limit: the metadata, then
 * the invitees, are left out if it would not be.
 */
final class ApnsPayloads {
    /** APNs's limit for a VoIP payload. */
    static final int MAX_VOIP_BYTES = 5120;

    /** The limit of every other push type. */
    static final int MAX_BYTES = 4096;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApnsPayloads() {}

    static String voip(PushRing ring) {
        Caller caller = Caller.of(ring);
        ObjectNode root = JSON.createObjectNode();
        root.putObject("aps");
        root.put("type", "incoming_call");
        root.put("id", ring.ringId().toString());
        root.put("ringId", ring.ringId().toString());
        root.put("sessionId", ring.sessionId());
        root.put("fromUserId", ring.fromUserId());
        root.put("nameCaller", caller.name());
        root.put("handle", caller.handle());
        root.put("media", ring.media().wireName());
        root.put("isVideo", ring.media() == PushRing.Media.VIDEO);
        root.put("expiresAt", ring.expiresAt().toEpochMilli());
        root.set("metadata", caller.metadata());
        root.set("invitees", JSON.valueToTree(ring.invitees()));
        if (bytes(root) > MAX_VOIP_BYTES) {
            root.putObject("metadata");
            root.put("metadataOmitted", true);
        }
        if (bytes(root) > MAX_VOIP_BYTES) {
            root.putArray("invitees");
            root.put("inviteesOmitted", true);
        }
        return root.toString();
    }

    /**
     * The stop for an app's ordinary token: a missed or cancelled call shows an alert (the user should learn they
     * missed it) and wakes the app; a ring that was answered or declined elsewhere only wakes it, silently.
     */
    static String stop(PushRing ring, StopReason reason) {
        Caller caller = Caller.of(ring);
        ObjectNode root = JSON.createObjectNode();
        ObjectNode aps = root.putObject("aps");
        aps.put("content-available", 1);
        if (alerts(reason)) {
            ObjectNode alert = aps.putObject("alert");
            alert.put("title", "Missed call");
            alert.put("body", caller.name());
            aps.put("thread-id", "missed-calls");
        }
        root.put("type", "call_ended");
        root.put("id", ring.ringId().toString());
        root.put("ringId", ring.ringId().toString());
        root.put("sessionId", ring.sessionId());
        root.put("fromUserId", ring.fromUserId());
        root.put("reason", reason.wireName());
        return root.toString();
    }

    static boolean alerts(StopReason reason) {
        return switch (reason) {
            case MISSED, CANCELLED -> true;
            case ANSWERED_ELSEWHERE, DECLINED_ELSEWHERE -> false;
        };
    }

    private static int bytes(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
