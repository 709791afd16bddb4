package com.securevox.call.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.securevox.call.call.Ids;
import com.securevox.call.call.Metadata;
import com.securevox.call.ring.Invite;
import com.securevox.call.ring.PushRing;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decodes the ringing events' payloads (already known to be JSON objects) strictly: a wrong field is refused with
 * {@code INVALID_PAYLOAD} naming it, its value and what was expected; unknown fields are ignored, as for every event.
 */
final class RingEventDecoder {
    /** The most people one invite may ring: each costs a push per device. */
    static final int MAX_INVITEES = 16;

    private RingEventDecoder() {}

    static RingRequest decode(ClientEventType type, JsonNode payload, Function<JsonNode, Optional<Metadata>> metadata) {
        return switch (type) {
            case CALL_INVITE -> invite(payload, metadata);
            case CALL_ACCEPT -> new RingRequest.Accept(ClientEventDecoder.id(payload, "sessionId"));
            case CALL_DECLINE ->
                new RingRequest.Decline(ClientEventDecoder.id(payload, "sessionId"), busy(payload.get("reason")));
            case CALL_CANCEL -> new RingRequest.Cancel(ClientEventDecoder.id(payload, "sessionId"));
            case REGISTER_DEVICE ->
                new RingRequest.RegisterDevice(
                        text(payload, "platform", true).orElseThrow(),
                        text(payload, "token", true).orElseThrow(),
                        text(payload, "appId", false),
                        text(payload, "environment", false));
            case AUTHENTICATE,
                    JOIN_CALL,
                    LEAVE_CALL,
                    OFFER,
                    ANSWER,
                    ICE_CANDIDATE,
                    MUTE_AUDIO,
                    MUTE_VIDEO,
                    SFU_PUBLISH,
                    SFU_ANSWER,
                    SFU_CANDIDATE,
                    SFU_VIEW,
                    START_RECORDING,
                    STOP_RECORDING,
                    MUTE_PARTICIPANT,
                    REMOVE_PARTICIPANT,
                    END_CALL,
                    DATA,
                    QUALITY_REPORT -> throw new IllegalArgumentException(type.wireName() + " is not a ringing event");
        };
    }

    private static RingRequest invite(JsonNode payload, Function<JsonNode, Optional<Metadata>> metadata) {
        JsonNode to = payload.get("to");
        if (to == null || to.isNull()) {
            throw SignalingException.invalid("to: missing (expected: an array of 1 to " + MAX_INVITEES + " user ids)");
        }
        if (!to.isArray() || to.isEmpty() || to.size() > MAX_INVITEES) {
            throw SignalingException.invalid("to: " + ClientEventDecoder.describe(to) + " (expected: an array of 1 to "
                    + MAX_INVITEES + " user ids)");
        }
        List<String> users = new ArrayList<>();
        for (int i = 0; i < to.size(); i++) {
            JsonNode user = to.get(i);
            String field = "to[" + i + "]";
            if (!user.isTextual()) {
                throw SignalingException.invalid(field + ": " + ClientEventDecoder.kindOf(user)
                        + " (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])");
            }
            if (!Ids.isValid(user.asText())) {
                throw SignalingException.invalid(Ids.problem(field, user.asText()));
            }
            users.add(user.asText());
        }
        JsonNode sessionId = payload.get("sessionId");
        Optional<String> session = sessionId == null || sessionId.isNull()
                ? Optional.empty()
                : Optional.of(ClientEventDecoder.id(payload, "sessionId"));
        return new RingRequest.Ring(new Invite(
                users,
                session,
                media(payload.get("media")),
                metadata.apply(payload.get("metadata")).map(Metadata::json)));
    }

    private static PushRing.Media media(JsonNode media) {
        if (media == null || media.isNull()) {
            throw SignalingException.invalid("media: missing (expected: \"audio\" or \"video\")");
        }
        if (media.isTextual()) {
            switch (media.asText()) {
                case "audio" -> {
                    return PushRing.Media.AUDIO;
                }
                case "video" -> {
                    return PushRing.Media.VIDEO;
                }
                default -> {}
            }
        }
        throw SignalingException.invalid(
                "media: " + ClientEventDecoder.describe(media) + " (expected: \"audio\" or \"video\")");
    }

    /** A string field of {@code register_device}; its content is the device registry's to judge. */
    private static Optional<String> text(JsonNode payload, String field, boolean required) {
        JsonNode value = payload.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw SignalingException.invalid(field + ": missing (expected: a string)");
            }
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw SignalingException.invalid(field + ": " + ClientEventDecoder.kindOf(value) + " (expected: a string)");
        }
        return Optional.of(value.asText());
    }

    private static boolean busy(JsonNode reason) {
        if (reason == null || reason.isNull()) {
            return false;
        }
        if (reason.isTextual() && reason.asText().equals("declined")) {
            return false;
        }
        if (reason.isTextual() && reason.asText().equals("busy")) {
            return true;
        }
        throw SignalingException.invalid(
                "reason: " + ClientEventDecoder.describe(reason) + " (expected: \"declined\" or \"busy\", or absent)");
    }
}
