package com.securevox.call.httpapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.securevox.call.auth.AuthorizationHeader;
import com.securevox.call.auth.CallTokens;
import com.securevox.call.auth.MintedToken;
import com.securevox.call.auth.TokenException;
import com.securevox.call.auth.UserClaims;
import com.securevox.call.ring.RingAnswers;
import com.securevox.call.ring.RingException;
import com.securevox.call.ring.Rings;
import com.securevox.call.signaling.RingWire;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calling a person over REST: user tokens ({@code POST /api/user/token}), and the rings an app woken by a push answers
 * before its socket is up ({@code POST /api/rings/{sessionId}/accept} and {@code /decline}, {@code GET
 * /api/rings/{sessionId}}), with {@code Authorization: Bearer <user token>}.
 */
final class RingRoutes {
    private static final Logger log = LoggerFactory.getLogger(RingRoutes.class);
    static final String USER_TOKEN = "/api/user/token";
    private static final Pattern RING = Pattern.compile("/api/rings/([A-Za-z0-9_.:@-]{1,128})(/accept|/decline)?");
    private static final String USER_EXAMPLE = "{\"userId\"}";
    private static final String DECLINE_EXAMPLE = "{\"reason\": \"declined\" | \"busy\"}";

    /** Who asks, from {@code Authorization}: empty for the backend's API key, else the verified Django user. */
    @FunctionalInterface
    interface Credentials {
        Optional<String> of(ApiRequest request);
    }

    private final Rings rings;
    private final CallTokens tokens;
    private final IceServerSource iceServers;
    private final JsonBody userBodies;
    private final JsonBody declineBodies;

    RingRoutes(Rings rings, CallTokens tokens, IceServerSource iceServers, ObjectMapper json) {
        this.rings = rings;
        this.tokens = tokens;
        this.iceServers = iceServers;
        this.userBodies = new JsonBody(json, USER_EXAMPLE);
        this.declineBodies = new JsonBody(json, DECLINE_EXAMPLE);
    }

    /** The ring route a path names: its call and the action ("" for the ring itself). */
    record RingPath(String sessionId, String action) {}

    static Optional<RingPath> ringOf(String path) {
        Matcher m = RING.matcher(path);
        return m.matches()
                ? Optional.of(new RingPath(m.group(1), m.group(2) == null ? "" : m.group(2)))
                : Optional.empty();
    }

    /** {@code POST /api/user/token}: {@code {userId}} → {@code {token, expiresAt, userId}}, as the call token route. */
    Object mintUser(ApiRequest request, Credentials credentials) {
        Optional<String> verifiedUser = credentials.of(request);
        ObjectNode body = userBodies.object(request.body());
        Optional<String> userId = TokenRequest.optionalId(body, "userId");
        String user;
        if (verifiedUser.isPresent()) {
            user = verifiedUser.get();
            if (userId.isPresent() && !userId.get().equals(user)) {
                throw new HttpApiException(
                        HttpError.FORBIDDEN,
                        "userId: '" + userId.get() + "' (expected: '" + user + "', the user your token belongs to)");
            }
        } else {
            user = userId.orElseThrow(() -> new HttpApiException(
                    HttpError.INVALID_PAYLOAD, "userId: missing (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])"));
        }
        MintedToken minted = tokens.mintUser(user);
        log.info("user token minted userId={} by={}", user, verifiedUser.isPresent() ? "user" : "backend");
        return new UserToken(minted.token(), minted.expiresAt().getEpochSecond(), user);
    }

    record UserToken(String token, long expiresAt, String userId) {}

    /** Whether this node has a ring of call {@code sessionId}: it answers its routes without asking where it is. */
    boolean here(String sessionId) {
        return rings.rings(sessionId);
    }

    /** A ring route for a verified user token. */
    Object ring(ApiRequest request, RingPath path) {
        UserClaims user = user(request);
        try {
            return switch (path.action()) {
                case "/accept" -> {
                    RingAnswers.Answered answer = rings.accept(user.userId(), path.sessionId(), Optional.empty());
                    MintedToken token = tokens.mint(user.userId(), answer.sessionId(), answer.role());
                    yield RingWire.AcceptAck.of(answer, token, iceServers.forUser(user.userId(), token.expiresAt()));
                }
                case "/decline" -> {
                    RingAnswers.Answered answer =
                            rings.decline(user.userId(), path.sessionId(), busy(request), Optional.empty());
                    yield new RingWire.StateAck(
                            true,
                            answer.sessionId(),
                            answer.ringId().toString(),
                            answer.state().wireName());
                }
                default -> {
                    RingAnswers.Status status = rings.status(user.userId(), path.sessionId());
                    yield new RingStatus(
                            status.sessionId(),
                            status.ringId().toString(),
                            status.from(),
                            status.media().wireName(),
                            status.expiresAt().toEpochMilli(),
                            status.state(),
                            RingWire.Invitee.of(status.invitees()));
                }
            };
        } catch (RingException e) {
            HttpError error =
                    switch (e.error()) {
                        case INVALID -> HttpError.INVALID_PAYLOAD;
                        case NOT_FOUND -> HttpError.RING_NOT_FOUND;
                        case FORBIDDEN -> HttpError.FORBIDDEN;
                        case ALREADY_INVITED, CONFLICT -> HttpError.CONFLICT;
                    };
            throw new HttpApiException(error, e.getMessage());
        }
    }

    record RingStatus(
            String sessionId,
            String ringId,
            String from,
            String media,
            long expiresAt,
            String state,
            List<RingWire.Invitee> invitees) {}

    private UserClaims user(ApiRequest request) {
        String authorization = request.header("authorization")
                .orElseThrow(() -> new HttpApiException(
                        HttpError.UNAUTHENTICATED, "Authorization: missing (expected: Bearer <user token>)"));
        String token = AuthorizationHeader.bearer(authorization)
                .orElseThrow(() -> new HttpApiException(
                        HttpError.UNAUTHENTICATED, ApiCredentials.notABearer(authorization, "user token")));
        try {
            return tokens.verifyUser(token);
        } catch (TokenException e) {
            throw new HttpApiException(HttpError.UNAUTHENTICATED, "Authorization: " + e.getMessage());
        }
    }

    /** The optional body of a decline: {@code {reason}}; none at all is a plain decline. */
    private boolean busy(ApiRequest request) {
        if (request.body().length == 0) {
            return false;
        }
        JsonNode reason = declineBodies.object(request.body()).get("reason");
        if (reason == null
                || reason.isNull()
                || (reason.isTextual() && reason.asText().equals("declined"))) {
            return false;
        }
        if (reason.isTextual() && reason.asText().equals("busy")) {
            return true;
        }
        throw new HttpApiException(
                HttpError.INVALID_PAYLOAD,
                "reason: " + (reason.isTextual() ? "'" + shorten(reason.asText()) + "'" : "not a string")
                        + " (expected: \"declined\" or \"busy\", or absent)");
    }

    private static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
