package com.securevox.call.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.securevox.call.auth.CallClaims;
import com.securevox.call.auth.CallTokens;
import com.securevox.call.auth.MintedToken;
import com.securevox.call.auth.TokenClaims;
import com.securevox.call.auth.UserClaims;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.Role;
import com.securevox.call.ring.BusyElsewhere;
import com.securevox.call.ring.DeviceDirectory;
import com.securevox.call.ring.GlarePairs;
import com.securevox.call.ring.Invite;
import com.securevox.call.ring.RingAnswers;
import com.securevox.call.ring.RingException;
import com.securevox.call.ring.Rings;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
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

    /** Where the directory of device connections is read: a virtual thread per invite (invites are rare). */
    private static final Executor LOOKUPS =
            task -> Thread.ofVirtual().name("ring-directory").start(task);

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

    private final CallHome home;
    private final DeviceDirectory directory;
    private final BusyElsewhere busyElsewhere;
    private final GlarePairs glare;

    /**
     * How many times an invite that met a ring no longer ringing its caller (the pair's claim outlived it) claims the
     * pair again before it rings without a claim.
     */
    private static final int GLARE_TRIES = 2;

    /**
     * What an invite reads from the other nodes before it takes its locks: their devices, who is in their calls, and
     * the call whose ring, from its only invitee to its caller, it meets (glare).
     */
    record Reach(
            Map<String, List<DeviceDirectory.Remote>> devices, java.util.Set<String> inCall, Optional<String> glare) {
        static final Reach NONE = new Reach(Map.of(), java.util.Set.of(), Optional.empty());
    }

    /**
     * @param invitesPerMinute how many {@code call_invite}s one user may send a minute (all its devices together)
     * @param home where calls are served: an invite for a new call makes this node its owner first, so that the ring
     *     lives with the call's lease, where every node finds it
     * @param directory the device connections on the other nodes, read before each invite
     * @param busyElsewhere who is in a call another node serves, read with the directory
     * @param glare which way each pair of people rings, claimed by the invites of one person for a new call
     */
    public RingEvents(
            Rings rings,
            CallTokens tokens,
            IceServers iceServers,
            CallPermissions permissions,
            DeviceRegistrar devices,
            java.util.function.BooleanSupplier draining,
            int invitesPerMinute,
            Clock clock,
            CallHome home,
            DeviceDirectory directory,
            BusyElsewhere busyElsewhere,
            GlarePairs glare) {
        this.glare = glare;
        this.home = home;
        this.directory = directory;
        this.busyElsewhere = busyElsewhere;
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

    /** A device connection on another node whose invites added people to calls here is gone. */
    void originGone(ConnectionId connection) {
        rings.originGone(connection);
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

    /**
     * As {@link #joinClaims(Session, String)}; with {@code owners} (several nodes), a device connection whose ring
     * this node does not have asks the node that serves the call what the ring there lets it join as: it joins through
     * that node, as every socket of a call served elsewhere does.
     */
    CompletionStage<CallClaims> joinClaims(
            Session session, String sessionId, JsonNode payload, Optional<RingOwner> owners) {
        Optional<UserClaims> device = session.device();
        if (owners.isEmpty()
                || device.isEmpty()
                || session.claims().filter(c -> c.sessionId().equals(sessionId)).isPresent()
                || rings.rings(sessionId)) {
            return CompletableFuture.completedFuture(joinClaims(session, sessionId));
        }
        UserClaims user = device.get();
        return home.servedElsewhere(sessionId)
                .thenCompose(owner -> owner.isEmpty()
                        ? CompletableFuture.completedFuture(joinClaims(session, sessionId))
                        : owners.get()
                                .ask(
                                        session.id,
                                        user.userId(),
                                        owner.get(),
                                        ClientEventType.JOIN_CALL,
                                        sessionId,
                                        payload)
                                .thenApply(answer -> granted(answer, user, sessionId)));
    }

    /** The claims the serving node's answer grants: its {@link RingWire.Grant}, or its refusal as this node's. */
    private static CallClaims granted(Object answer, UserClaims user, String sessionId) {
        JsonNode reply;
        try {
            reply = NodeJson.read(answer instanceof JsonText text ? text.json() : NodeJson.write(answer));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SignalingException(ErrorCode.INTERNAL, "join_call: the serving node's answer is not JSON");
        }
        if (reply != null && reply.path("ok").asBoolean(false)) {
            Role role = Role.fromWire(reply.path("role").asText(""))
                    .orElseThrow(() -> new SignalingException(
                            ErrorCode.INTERNAL, "join_call: the serving node granted an unknown role"));
            return new CallClaims(user.userId(), sessionId, role, user.expiresAt());
        }
        JsonNode error = reply == null ? null : reply.path("error");
        ErrorCode code = error == null
                ? ErrorCode.INTERNAL
                : java.util.Arrays.stream(ErrorCode.values())
                        .filter(c -> c.name().equals(error.path("code").asText()))
                        .findFirst()
                        .orElse(ErrorCode.INTERNAL);
        throw new SignalingException(
                code,
                error == null ? "join_call: no answer" : error.path("message").asText());
    }

    /**
     * Sends a ringing event of a device connection of this node's to the node that serves its ring; completes with
     * that node's acknowledgement.
     */
    @FunctionalInterface
    interface RingOwner {
        CompletableFuture<Object> ask(
                ConnectionId connection,
                String userId,
                CallHome.Where.Elsewhere owner,
                ClientEventType type,
                String sessionId,
                JsonNode payload);
    }

    Object handle(Session session, ClientEventType type, RingRequest request) {
        return handle(session, type, request, null, Optional.empty());
    }

    /**
     * A ringing event of a device connection. With {@code owners} (several nodes), one about a ring this node does not
     * have goes to the node that serves the ring's call, if another does: that node answers it.
     *
     * @param payload the event as the device sent it, for that node
     */
    Object handle(
            Session session, ClientEventType type, RingRequest request, JsonNode payload, Optional<RingOwner> owners) {
        UserClaims user = session.device()
                .orElseThrow(() -> new SignalingException(
                        ErrorCode.FORBIDDEN,
                        type.wireName() + ": this socket holds a call token (expected: a device connection,"
                                + " authenticated with a user token)"));
        if (request instanceof RingRequest.RegisterDevice device) {
            return registered(session, user, device);
        }
        if (request instanceof RingRequest.Ring ring) {
            admit(user, ring);
        }
        Optional<String> sessionId = ringOf(request);
        if (owners.isEmpty() || sessionId.isEmpty() || rings.rings(sessionId.get())) {
            return act(user.userId(), session.id, request, payload, owners);
        }
        return home.servedElsewhere(sessionId.get())
                .thenCompose(owner -> owner.isPresent()
                        ? owners.get().ask(session.id, user.userId(), owner.get(), type, sessionId.get(), payload)
                        : stage(act(user.userId(), session.id, request, payload, owners)));
    }

    /**
     * A ringing event that a device connection of {@code userId} on another node sent, for a ring this node serves:
     * the edge checked the device, the invite limit and the draining; {@code connection} is the answering device.
     */
    Object handleFor(String userId, ConnectionId connection, RingRequest request) {
        return act(userId, connection, request, null, Optional.empty());
    }

    /**
     * What a {@code join_call} of a device connection on another node may join as, for a ring this node serves: the
     * acknowledgement {@code {ok, role}}, else {@code FORBIDDEN}.
     */
    Object grantFor(String userId, String sessionId) {
        return rings.grant(userId, sessionId)
                .map(g -> new RingWire.Grant(true, g.role().wireName()))
                .orElseThrow(() -> new SignalingException(
                        ErrorCode.FORBIDDEN,
                        "sessionId: '" + sessionId + "' (expected: a call your device started or accepted)"));
    }

    /** The checks an invite passes on the device's own node: the draining, the invite limit, the list. */
    private void admit(UserClaims user, RingRequest.Ring ring) {
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
                    "call_invite: more than " + invitesPerMinute + " invites a minute from '" + user.userId() + "'");
        }
        try {
            ring.invite().check(user.userId()); // before the policy is asked about a bad list
        } catch (RingException e) {
            throw refusal(e);
        }
    }

    /** The call whose ring the event is about: an invite's only when it names one (it adds people to it). */
    private static Optional<String> ringOf(RingRequest request) {
        return switch (request) {
            case RingRequest.Ring ring -> ring.invite().sessionId();
            case RingRequest.Accept accept -> Optional.of(accept.sessionId());
            case RingRequest.Decline decline -> Optional.of(decline.sessionId());
            case RingRequest.Cancel cancel -> Optional.of(cancel.sessionId());
            case RingRequest.RegisterDevice device -> Optional.empty();
        };
    }

    /**
     * @param payload the event as the device sent it, for the node serving a ring it meets (glare); null for an event
     *     another node sent here
     */
    private Object act(
            String userId, ConnectionId connection, RingRequest request, JsonNode payload, Optional<RingOwner> owners) {
        try {
            return switch (request) {
                // Answered when the policy has: at once without one, later (on its client's thread) with Django.
                case RingRequest.Ring ring ->
                    permissions.refused(userId, ring.invite().to()).thenCompose(refused -> new GlareInvite(
                                    this, userId, connection, ring.invite(), refused, payload, owners)
                            .ring(GLARE_TRIES));
                case RingRequest.Accept accept -> {
                    RingAnswers.Answered answer = rings.accept(userId, accept.sessionId(), Optional.of(connection));
                    MintedToken token = tokens.mint(userId, answer.sessionId(), answer.role());
                    yield RingWire.AcceptAck.of(answer, token, iceServers.forUser(userId, token.expiresAt()));
                }
                case RingRequest.Decline decline ->
                    RingWire.StateAck.of(
                            rings.decline(userId, decline.sessionId(), decline.busy(), Optional.of(connection)));
                case RingRequest.Cancel cancel -> RingWire.StateAck.of(rings.cancel(userId, cancel.sessionId()));
                case RingRequest.RegisterDevice device ->
                    throw SignalingException.invalid("register_device: a device registers on its own node");
            };
        } catch (RingException e) {
            throw refusal(e);
        }
    }

    private static CompletionStage<Object> stage(Object ack) {
        return ack instanceof CompletionStage<?> later
                ? later.thenApply(value -> (Object) value)
                : CompletableFuture.completedFuture(ack);
    }

    /**
     * The invite with its call settled: one naming a call as it is; for a new call, a fresh id whose lease this node
     * takes first (it serves the ring, and the call it rings, from now on). Without I/O for one node.
     */
    CompletionStage<Invite> placed(Invite invite) {
        if (invite.sessionId().isPresent()) {
            return CompletableFuture.completedFuture(invite);
        }
        String sessionId = UUID.randomUUID().toString();
        return home.admit(sessionId).thenApply(where -> switch (where) {
            case CallHome.Where.Here here ->
                new Invite(invite.to(), Optional.of(sessionId), invite.media(), invite.metadataJson());
            case CallHome.Where.Elsewhere elsewhere ->
                throw new SignalingException(
                        ErrorCode.UNAVAILABLE,
                        "call_invite: the new call '" + sessionId + "' is held by node '" + elsewhere.node()
                                + "' already (expected: nobody); try again");
        });
    }

    /**
     * The device connections of the caller and the invitees on other nodes, and which invitees are in a call there:
     * read on a virtual thread (it is I/O), before the ring takes its locks. At once and empty for one node.
     *
     * @param claim whether the invite claims its pair of people first (glare across nodes): one for a new call naming
     *     one person
     */
    CompletionStage<Reach> reach(String caller, Invite invite, boolean claim) {
        if (directory == DeviceDirectory.NONE && busyElsewhere == BusyElsewhere.NONE && !claim) {
            return CompletableFuture.completedFuture(Reach.NONE);
        }
        List<String> parties = java.util.stream.Stream.concat(java.util.stream.Stream.of(caller), invite.to().stream())
                .toList();
        return CompletableFuture.supplyAsync(
                () -> {
                    Optional<String> met = claim
                            ? glare.claim(
                                    caller,
                                    invite.to().getFirst(),
                                    invite.sessionId().orElseThrow(),
                                    rings.timeout())
                            : Optional.empty();
                    return new Reach(directory.elsewhere(parties), busyElsewhere.inCall(invite.to()), met);
                },
                LOOKUPS);
    }

    /** Lets go of a pair claimed for {@code sessionId}, on a virtual thread (it is I/O). */
    CompletionStage<Void> release(String caller, String invitee, String sessionId) {
        return CompletableFuture.runAsync(() -> glare.release(caller, invitee, sessionId), LOOKUPS);
    }

    boolean claimsPairs() {
        return glare != GlarePairs.NONE;
    }

    Rings rings() {
        return rings;
    }

    CallHome home() {
        return home;
    }

    /**
     * @param claimed whether the invite holds its pair's claim, let go of when it rings nothing of its own
     */
    Object invited(
            ConnectionId connection,
            String userId,
            Invite invite,
            java.util.Set<String> refused,
            Reach reach,
            boolean fresh,
            boolean claimed) {
        String placed = invite.sessionId().orElseThrow();
        RingAnswers.Invited invited;
        try {
            invited = rings.invite(userId, connection, invite, refused, reach.devices(), reach.inCall());
        } catch (RingException e) {
            if (fresh) {
                home.unrung(placed); // nothing rang the new call whose lease was taken for it
            }
            if (claimed) {
                release(userId, invite.to().getFirst(), placed);
            }
            throw refusal(e);
        }
        if (fresh && !invited.sessionId().equals(placed)) {
            home.unrung(placed); // glare: the invite answered the other ring, of another call
            if (claimed) {
                release(userId, invite.to().getFirst(), placed);
            }
        }
        MintedToken token = tokens.mint(userId, invited.sessionId(), invited.role());
        return new RingWire.InviteAck(
                true,
                invited.sessionId(),
                invited.ringId().toString(),
                RingWire.Invitee.of(invited.invitees()),
                invited.expiresAt().toEpochMilli(),
                invited.role().wireName(),
                token.token(),
                token.expiresAt().getEpochSecond(),
                iceServers.forUser(userId, token.expiresAt()));
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
