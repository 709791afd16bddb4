package com.securevox.call.signaling;

import com.securevox.call.auth.CallClaims;
import com.securevox.call.auth.CallTokens;
import com.securevox.call.auth.MintedToken;
import com.securevox.call.auth.TokenClaims;
import com.securevox.call.auth.UserClaims;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.ring.RingAnswers;
import com.securevox.call.ring.RingException;
import com.securevox.call.ring.Rings;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ringing events of device connections (sockets authenticated with a user token) over {@link Rings}: who may send
 * them, the per-user invite limit, the acknowledgements, and joining a rung call without a call token.
 */
public final class RingEvents {
    private static final Logger log = LoggerFactory.getLogger(RingEvents.class);

    /** Users whose invite buckets are kept; a minute's limit needs no more than those who invited lately. */
    static final int MAX_LIMITED_USERS = 100_000;

    private final Rings rings;
    private final CallTokens tokens;
    private final IceServers iceServers;
    private final CallPermissions permissions;
    private final DeviceRegistrar devices;
    private final java.util.function.BooleanSupplier draining;
    private final int invitesPerMinute;
    private final Bandwidth inviteLimit;
    private final ClockTimeMeter time;
    /** One bucket per user, whichever of its devices invites. */
    private final Map<String, Bucket> invites = new ConcurrentHashMap<>();

    /** @param invitesPerMinute how many {@code call_invite}s one user may send a minute (all its devices together) */
    public RingEvents(
            Rings rings,
            CallTokens tokens,
            IceServers iceServers,
            CallPermissions permissions,
            DeviceRegistrar devices,
            java.util.function.BooleanSupplier draining,
            int invitesPerMinute,
            Clock clock) {
        this.rings = rings;
        this.tokens = tokens;
        this.iceServers = iceServers;
        this.permissions = permissions;
        this.devices = devices;
        this.draining = draining;
        this.invitesPerMinute = invitesPerMinute;
        this.inviteLimit = Bandwidth.builder()
                .capacity(invitesPerMinute)
                .refillGreedy(invitesPerMinute, Duration.ofMinutes(1))
                .build();
        this.time = new ClockTimeMeter(clock);
    }

    /** A socket authenticated; one with a user token is its user's device connection from now on. */
    void authenticated(ConnectionId connection, TokenClaims claims) {
        if (claims instanceof UserClaims user) {
            rings.deviceConnected(connection, user.userId());
        }
    }

    void disconnected(ConnectionId connection) {
        rings.deviceGone(connection);
    }

    /**
     * What a {@code join_call} for {@code sessionId} is admitted as: the socket's call token, or for a device
     * connection the ring it started (host) or accepted (participant), until its user token expires.
     */
    CallClaims joinClaims(Session session, String sessionId) {
        Optional<CallClaims> call = session.claims();
        Optional<UserClaims> device = session.device();
        if (device.isEmpty()
                || call.filter(c -> c.sessionId().equals(sessionId)).isPresent()) {
            return call.orElseThrow();
        }
        UserClaims user = device.get();
        return rings.grant(user.userId(), sessionId)
                .map(g -> new CallClaims(g.userId(), g.sessionId(), g.role(), user.expiresAt()))
                .orElseThrow(() -> new SignalingException(
                        ErrorCode.FORBIDDEN,
                        "sessionId: '" + sessionId + "' (expected: a call your device started or accepted)"));
    }

    Object handle(Session session, ClientEventType type, RingRequest request) {
        UserClaims user = session.device()
                .orElseThrow(() -> new SignalingException(
                        ErrorCode.FORBIDDEN,
                        type.wireName() + ": this socket holds a call token (expected: a device connection,"
                                + " authenticated with a user token)"));
        try {
            return switch (request) {
                case RingRequest.Ring ring -> {
                    if (draining.getAsBoolean()) {
                        throw new SignalingException(
                                ErrorCode.SERVER_DRAINING, "the server is shutting down and starts no new rings");
                    }
                    if (invites.size() > MAX_LIMITED_USERS) {
                        // Bounded without bookkeeping: forgetting every bucket at once only lets each user start over.
                        invites.clear();
                    }
                    Bucket bucket = invites.computeIfAbsent(user.userId(), u -> Bucket.builder()
                            .addLimit(inviteLimit)
                            .withCustomTimePrecision(time)
                            .build());
                    if (!bucket.tryConsume(1)) {
                        throw new SignalingException(
                                ErrorCode.RATE_LIMITED,
                                "call_invite: more than " + invitesPerMinute + " invites a minute from '"
                                        + user.userId() + "'");
                    }
                    ring.invite().check(user.userId()); // before the policy is asked about a bad list
                    // Answered when the policy has: at once without one, later (on its client's thread) with Django.
                    yield permissions
                            .refused(user.userId(), ring.invite().to())
                            .thenApply(refused -> invited(session, user, ring, refused));
                }
                case RingRequest.Accept accept -> {
                    RingAnswers.Answered answer =
                            rings.accept(user.userId(), accept.sessionId(), Optional.of(session.id));
                    MintedToken token = tokens.mint(user.userId(), answer.sessionId(), answer.role());
                    yield RingWire.AcceptAck.of(answer, token, iceServers.forUser(user.userId(), token.expiresAt()));
                }
                case RingRequest.Decline decline ->
                    RingWire.StateAck.of(
                            rings.decline(user.userId(), decline.sessionId(), decline.busy(), Optional.of(session.id)));
                case RingRequest.Cancel cancel -> RingWire.StateAck.of(rings.cancel(user.userId(), cancel.sessionId()));
                case RingRequest.RegisterDevice device -> registered(session, user, device);
            };
        } catch (RingException e) {
            throw refusal(e);
        }
    }

    private Object invited(Session session, UserClaims user, RingRequest.Ring ring, java.util.Set<String> refused) {
        RingAnswers.Invited invited;
        try {
            invited = rings.invite(user.userId(), session.id, ring.invite(), refused);
        } catch (RingException e) {
            throw refusal(e);
        }
        MintedToken token = tokens.mint(user.userId(), invited.sessionId(), invited.role());
        return new RingWire.InviteAck(
                true,
                invited.sessionId(),
                invited.ringId().toString(),
                RingWire.Invitee.of(invited.invitees()),
                invited.expiresAt().toEpochMilli(),
                invited.role().wireName(),
                token.token(),
                token.expiresAt().getEpochSecond(),
                iceServers.forUser(user.userId(), token.expiresAt()));
    }

    /**
     * Registers the device this connection runs on, and from then on leaves it out of the pushes of rings while the
     * connection lives (it gets {@code incoming_call} over the socket).
     */
    private CompletionStage<RingWire.DeviceAck> registered(
            Session session, UserClaims user, RingRequest.RegisterDevice device) {
        CompletionStage<String> registered;
        try {
            registered = devices.register(
                    user.userId(), device.platform(), device.token(), device.appId(), device.environment());
        } catch (DeviceRegistrar.InvalidDevice e) {
            throw SignalingException.invalid(e.getMessage());
        }
        return registered.handle((deviceId, failure) -> {
            if (failure != null) {
                log.warn("register_device: the device registry failed for userId={}", user.userId(), failure);
                throw new SignalingException(
                        ErrorCode.UNAVAILABLE, "register_device: the device registry cannot be reached; try again");
            }
            rings.deviceIdentified(session.id, deviceId);
            return new RingWire.DeviceAck(true, deviceId);
        });
    }

    /** A ringing refusal in the socket's terms. */
    static SignalingException refusal(RingException e) {
        ErrorCode code =
                switch (e.error()) {
                    case INVALID -> ErrorCode.INVALID_PAYLOAD;
                    case NOT_FOUND -> ErrorCode.RING_NOT_FOUND;
                    case FORBIDDEN -> ErrorCode.FORBIDDEN;
                    case ALREADY_INVITED -> ErrorCode.ALREADY_INVITED;
                    case CONFLICT -> ErrorCode.CONFLICT;
                };
        return new SignalingException(code, e.getMessage());
    }
}
