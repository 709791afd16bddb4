package com.securevox.call.httpapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.call.CallException;
import com.securevox.call.call.Ids;
import com.securevox.call.call.MediaKind;
import com.securevox.call.call.Moderation;
import com.securevox.call.call.Participant;
import com.securevox.call.signaling.Wire;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend's host controls: {@code POST /api/calls/{sessionId}/participants/{userId}/mute} ({@code {kind}}),
 * {@code .../remove} and {@code POST /api/calls/{sessionId}/end}, with the API key. The same rules as a host's events
 * ({@link Moderation}); the participants see {@code by: "api"}.
 */
final class HostRoutes {
    private static final Logger log = LoggerFactory.getLogger(HostRoutes.class);
    private static final String CALLS = "/api/calls/";
    static final String MUTE_ROUTE = "/api/calls/{sessionId}/participants/{userId}/mute";
    static final String REMOVE_ROUTE = "/api/calls/{sessionId}/participants/{userId}/remove";
    static final String END_ROUTE = "/api/calls/{sessionId}/end";

    private final Moderation moderation;
    private final JsonBody muteBodies;

    HostRoutes(Moderation moderation, ObjectMapper json) {
        this.moderation = moderation;
        this.muteBodies = new JsonBody(json, "{\"kind\": \"audio\"}");
    }

    /** What a host-control path asks for; the ids as they are in the path, not yet checked. */
    sealed interface Action {
        String sessionId();

        /** The metrics label of its route. */
        String route();
    }

    record Mute(String sessionId, String userId) implements Action {
        @Override
        public String route() {
            return MUTE_ROUTE;
        }
    }

    record Remove(String sessionId, String userId) implements Action {
        @Override
        public String route() {
            return REMOVE_ROUTE;
        }
    }

    record End(String sessionId) implements Action {
        @Override
        public String route() {
            return END_ROUTE;
        }
    }

    /** The action {@code path} names, if it is one of the host-control routes. */
    static Optional<Action> actionOf(String path) {
        if (!path.startsWith(CALLS)) {
            return Optional.empty();
        }
        String[] parts = path.substring(CALLS.length()).split("/", -1);
        if (parts.length == 2 && parts[1].equals("end") && !parts[0].isEmpty()) {
            return Optional.of(new End(parts[0]));
        }
        if (parts.length == 4 && parts[1].equals("participants") && !parts[0].isEmpty() && !parts[2].isEmpty()) {
            return switch (parts[3]) {
                case "mute" -> Optional.of(new Mute(parts[0], parts[2]));
                case "remove" -> Optional.of(new Remove(parts[0], parts[2]));
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    Object handle(ApiRequest request, Action action) {
        String sessionId = checked("sessionId", action.sessionId());
        return switch (action) {
            case Mute m -> {
                String userId = checked("userId", m.userId());
                MediaKind kind = kind(muteBodies.object(request.body()).get("kind"));
                Participant target = call(() -> moderation.mute(sessionId, userId, kind));
                log.info("api mute sessionId={} target={} kind={}", sessionId, userId, kind);
                yield new Muted(sessionId, Wire.WireParticipant.of(target));
            }
            case Remove r -> {
                String userId = checked("userId", r.userId());
                call(() -> {
                    moderation.remove(sessionId, userId);
                    return sessionId;
                });
                log.info("api remove sessionId={} target={}", sessionId, userId);
                yield new Removed(sessionId, userId);
            }
            case End e -> {
                call(() -> moderation.end(sessionId));
                log.info("api end sessionId={}", sessionId);
                yield new Ended(sessionId, "ended_by_host");
            }
        };
    }

    private static MediaKind kind(JsonNode kind) {
        String expected = "(expected: \"audio\" or \"video\")";
        if (kind == null || kind.isNull()) {
            throw new HttpApiException(HttpError.INVALID_PAYLOAD, "kind: missing " + expected);
        }
        return switch (kind.isTextual() ? kind.asText() : "") {
            case "audio" -> MediaKind.AUDIO;
            case "video" -> MediaKind.VIDEO;
            default ->
                throw new HttpApiException(
                        HttpError.INVALID_PAYLOAD,
                        "kind: " + (kind.isTextual() ? "'" + shorten(kind.asText()) + "'" : "not a string") + " "
                                + expected);
        };
    }

    private static String checked(String field, String id) {
        if (!Ids.isValid(id)) {
            throw new HttpApiException(HttpError.INVALID_QUERY, Ids.problem(field, id));
        }
        return id;
    }

    /** The domain's refusal as the API's error, mapped once, here. */
    private static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (CallException e) {
            HttpError error =
                    switch (e.error()) {
                        case NOT_IN_CALL, PARTICIPANT_NOT_FOUND -> HttpError.NOT_FOUND;
                        // Not refusals of these actions: a join's and a relay's.
                        case ALREADY_IN_CALL, CALL_FULL, RATE_LIMITED, E2EE_REQUIRED, E2EE_NOT_ENABLED, REMOVED ->
                            HttpError.INTERNAL;
                    };
            throw new HttpApiException(error, e.getMessage());
        }
    }

    private static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }

    record Muted(String sessionId, Wire.WireParticipant participant) {}

    record Removed(String sessionId, String userId) {}

    record Ended(String sessionId, String reason) {}
}
