package com.securevox.call.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.securevox.call.auth.CallClaims;
import com.securevox.call.auth.TokenClaims;
import com.securevox.call.auth.TokenException;
import com.securevox.call.call.Bounces;
import com.securevox.call.call.CallException;
import com.securevox.call.call.CallRegistry;
import com.securevox.call.call.CallSnapshot;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.Moderation;
import com.securevox.call.call.Participant;
import com.securevox.call.call.Role;
import com.securevox.call.call.Scheduler;
import com.securevox.call.media.SfuCalls;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The socket protocol over the call domain: authentication, the per-socket rate limit, event
 * dispatch, replies and errors. Transport-neutral: sockets are {@link ConnectionId}s, payloads are
 * JSON trees, and everything sent goes through {@link Connections}.
 */
public final class SignalingService {
    private static final Logger log = LoggerFactory.getLogger(SignalingService.class);
    /** For a socket the transport no longer knows by the time it joins (it is closing): still a join to record. */
    private final CallRegistry calls;

    private final TokenVerifier tokens;
    private final Connections connections;
    private final Scheduler scheduler;
    private final SignalingPolicy policy;
    /** Every socket's event limit; immutable, so one for all their buckets. */
    private final Bandwidth eventLimit;

    private final BooleanSupplier draining;
    private final ClientEventDecoder decoder;
    private final RingAsks ringAsks;
    private final ClockTimeMeter time;
    private final SignalingMetrics metrics;
    private final SfuCalls media;
    private final SfuRequests sfu;
    private final HostControls host;
    private final DataMessages data;
    private final CallJoins joins;
    private final RingEvents rings;
    private final QualityIntake quality;
    private final Map<ConnectionId, Session> sessions = new ConcurrentHashMap<>();
    /** Sockets here whose call another node serves; empty with one node. */
    private final Optional<EdgeSockets> edge;
    /** The inbox from the other nodes; empty with one node. */
    private final Optional<NodeRoutes> routes;

    public SignalingService(
            CallRegistry calls,
            TokenVerifier tokens,
            Connections connections,
            Scheduler scheduler,
            Clock clock,
            SignalingPolicy policy,
            BooleanSupplier draining,
            ClientEventDecoder decoder,
            SignalingMetrics metrics,
            SfuCalls media,
            RingEvents rings,
            QualityReports quality,
            CallHome home,
            Optional<NodeLinks> nodes) {
        this.calls = calls;
        this.tokens = tokens;
        this.connections = connections;
        this.scheduler = scheduler;
        this.policy = policy;
        this.eventLimit = Bandwidth.builder()
                .capacity(policy.eventBurst())
                .refillGreedy(policy.eventsPerSecond(), Duration.ofSeconds(1))
                .build();
        this.draining = draining;
        this.decoder = decoder;
        this.time = new ClockTimeMeter(clock);
        this.metrics = metrics;
        this.media = media;
        this.sfu = new SfuRequests(media);
        this.host = new HostControls(new Moderation(calls));
        this.data = new DataMessages(calls, eventLimit, time, metrics);
        this.rings = rings;
        this.quality = new QualityIntake(calls, quality, time);
        this.ringAsks = new RingAsks(decoder, rings);
        this.edge = nodes.map(n -> new EdgeSockets(n.bus(), connections));
        this.routes = nodes.map(n -> new NodeRoutes(
                n.bus(),
                edge.orElseThrow(),
                new OwnerSockets(this, n.routed(), n.bus(), home, new Bounces(calls)),
                n.live(),
                scheduler));
        this.joins = new CallJoins(
                calls,
                connections,
                policy,
                draining,
                metrics,
                media,
                home,
                edge,
                id -> nodes.isPresent() && nodes.get().routed().isRemote(id));
    }

    /** Starts reading this node's inbox from the other nodes, when it shares calls with them. */
    public void linkNodes() {
        routes.ifPresent(NodeRoutes::start);
    }

    /** Stops watching the other nodes; the bus itself is closed by its owner. */
    public void unlinkNodes() {
        routes.ifPresent(NodeRoutes::stop);
    }

    /**
     * Has every socket here that is proxied to another node's call reconnect (a drain: its client rejoins through
     * another node); nothing with one node.
     */
    public void reconnectProxied(String why) {
        edge.ifPresent(e -> e.resync(owner -> true, why));
    }

    /** A socket connected; it has {@link SignalingPolicy#authTimeout()} to authenticate. */
    public void connected(ConnectionId id, String remoteAddress) {
        Session session = session(id, remoteAddress);
        if (session.token().isEmpty()) {
            session.authTimer(scheduler.schedule(policy.authTimeout(), () -> authTimedOut(id)));
        }
        // Debug: every connection already has an info line when it joins or goes, with its address; three lines per
        // call member were a twentieth of a join's CPU.
        log.debug("connected connection={} remote={}", id.value(), remoteAddress);
    }

    /**
     * A socket presented a token in its handshake. Returns the refusal, if any; on success the
     * transport calls {@link #announceAuthenticated} once the connect reply has gone out.
     */
    public Optional<SignalingException> authenticateHandshake(ConnectionId id, String remoteAddress, String token) {
        Session session = session(id, remoteAddress);
        try {
            TokenClaims claims = verify(token);
            session.authenticated(claims);
            log.debug("authenticated connection={} userId={} via=handshake", id.value(), claims.userId());
            return Optional.empty();
        } catch (SignalingException e) {
            metrics.authFailed(e.code());
            log.warn(
                    "authentication failed connection={} remote={} via=handshake code={} reason={}",
                    id.value(),
                    remoteAddress,
                    e.code(),
                    e.getMessage());
            return Optional.of(e);
        }
    }

    /**
     * A socket another node holds is proxied here for a call this node serves, with the claims that node verified:
     * from now on it is a socket of this node's that authenticated with them (and is not rung or told so: its own node
     * did that).
     */
    void openRemote(ConnectionId id, String remoteAddress, CallClaims claims) {
        Session session = session(id, remoteAddress);
        session.proxy();
        session.authenticated(claims);
        log.debug("proxied connection={} userId={} sessionId={}", id.value(), claims.userId(), claims.sessionId());
    }

    public void announceAuthenticated(ConnectionId id) {
        Session session = sessions.get(id);
        if (session != null) {
            session.token().ifPresent(claims -> {
                connections.emit(id, "authenticated", TokenHolders.authenticated(claims));
                // Only now can the socket be rung: before its connect reply an incoming_call would have nowhere to go.
                rings.authenticated(id, claims);
            });
        }
    }

    /** One client event, with the acknowledgement the client may have asked for. */
    public void onEvent(ConnectionId id, ClientEventType type, JsonNode payload, Reply reply) {
        Session session = sessions.get(id);
        if (session == null || session.closed()) {
            return;
        }
        Optional<CallClaims> claims = session.claims();
        long start = System.nanoTime();
        try (var userId = MDC.putCloseable(
                        "userId", session.token().map(TokenClaims::userId).orElse(null));
                var sessionId = MDC.putCloseable(
                        "sessionId", claims.map(CallClaims::sessionId).orElse(null))) {
            Object ack = handle(session, type, payload, reply.requested());
            if (ack instanceof CompletionStage<?> pending) {
                pending.whenComplete((value, failure) -> {
                    if (failure == null) {
                        if (reply.requested()) {
                            reply.send(value);
                        }
                    } else {
                        refuse(session, type, refusalOrInternal(id, type, failure), reply);
                    }
                });
            } else if (reply.requested()) {
                reply.send(ack);
            }
        } catch (SignalingException e) {
            refuse(session, type, e, reply);
        } catch (CallException e) {
            refuse(session, type, new SignalingException(ErrorCode.of(e.error()), e.getMessage()), reply);
        } catch (RuntimeException e) {
            String ref = UUID.randomUUID().toString().substring(0, 8);
            log.error("internal error ref={} connection={} event={}", ref, id.value(), type.wireName(), e);
            refuse(
                    session,
                    type,
                    new SignalingException(ErrorCode.INTERNAL, "internal error (ref " + ref + ")"),
                    reply);
        } finally {
            metrics.handled(System.nanoTime() - start);
        }
    }

    /** Where ringing events go whose ring another node serves; none for a single node. */
    private Optional<RingEvents.RingOwner> owners() {
        return edge.map(e -> e::ask);
    }

    /**
     * A ringing event (or a {@code join_call} asking what a ring grants) of a device connection of {@code userId} on
     * another node, for a ring this node serves; answered through {@code reply} in the socket's terms.
     */
    void ringFor(ConnectionId connection, String userId, ClientEventType type, JsonNode payload, Reply reply) {
        ringAsks.answer(connection, userId, type, payload, reply);
    }

    /** The socket is gone; a participant it carried enters the reconnect grace. */
    /** A device connection on another node that started rings here is gone (it told so over the node bus). */
    void ringOriginGone(ConnectionId id) {
        rings.originGone(id);
    }

    public void disconnected(ConnectionId id) {
        Session session = sessions.remove(id);
        if (session == null) {
            return;
        }
        session.close();
        edge.ifPresent(e -> e.disconnected(id));
        rings.disconnected(id);
        Optional<String> call = calls.callOf(id);
        calls.disconnected(id);
        media.forget(id);
        log.info(
                "disconnected connection={} userId={} sessionId={} remote={}",
                id.value(),
                session.token().map(TokenClaims::userId).orElse("-"),
                call.orElse("-"),
                session.remoteAddress);
    }

    public List<CallSnapshot> activeCalls() {
        return calls.snapshot();
    }

    public int activeCallCount() {
        return calls.activeCallCount();
    }

    /** Distinct users with at least one authenticated socket. */
    public int connectedUsers() {
        return (int) sessions.values().stream()
                .filter(s -> !s.proxied())
                .flatMap(s -> s.token().stream())
                .map(TokenClaims::userId)
                .distinct()
                .count();
    }

    /** This node's own sockets; those another node proxies here are counted there. */
    public int connectionCount() {
        return (int) sessions.values().stream().filter(s -> !s.proxied()).count();
    }

    private Object handle(Session session, ClientEventType type, JsonNode payload, boolean ack) {
        // In-call messages have a budget of their own (DataMessages): chat must not starve the media's signalling.
        if (type != ClientEventType.DATA && !session.events.tryConsume(1)) {
            throw new SignalingException(
                    ErrorCode.RATE_LIMITED,
                    "more than " + policy.eventsPerSecond() + " events per second (burst " + policy.eventBurst() + ")");
        }
        if (type != ClientEventType.AUTHENTICATE && session.token().isEmpty()) {
            throw new SignalingException(
                    ErrorCode.UNAUTHENTICATED,
                    type.wireName() + ": not authenticated (expected: connect with auth {token} or emit authenticate"
                            + " first)");
        }
        if (edge.isPresent() && edge.get().forwards(session.id, type)) {
            return edge.get().forward(session.id, type, payload, ack);
        }
        ClientEvent event = decoder.decode(type, payload);
        return switch (event) {
            case ClientEvent.Authenticate a -> authenticate(session, a);
            case ClientEvent.JoinCall j ->
                joins.join(session, rings.joinClaims(session, j.sessionId(), payload, owners()), j, payload, ack);
            case ClientEvent.LeaveCall l -> leave(session, l);
            case ClientEvent.Sdp s -> {
                calls.relay(session.id, s.to(), s.signal());
                metrics.relayed(type.wireName());
                yield Wire.Ok.OK;
            }
            case ClientEvent.Ice i -> {
                calls.relay(session.id, i.to(), i.signal());
                metrics.relayed(type.wireName());
                yield Wire.Ok.OK;
            }
            case ClientEvent.Mute m -> {
                Participant p = calls.setMuted(session.id, m.kind(), m.muted());
                yield new Wire.ParticipantAck(true, Wire.WireParticipant.of(p));
            }
            case ClientEvent.SfuPublish p -> sfu.handle(session.id, p);
            case ClientEvent.SfuAnswer a -> sfu.handle(session.id, a);
            case ClientEvent.SfuCandidate c -> sfu.handle(session.id, c);
            case ClientEvent.SfuView v -> sfu.handle(session.id, v);
            case ClientEvent.Recording r -> recording(session, inCall(session, type), r);
            case ClientEvent.HostControl h -> host.handle(session.id, inCall(session, type), h);
            case ClientEvent.Data d -> data.send(session, d);
            case ClientEvent.Ringing r -> rings.handle(session, type, r.request(), payload, owners());
            case ClientEvent.QualityReport q -> quality.take(session, q);
        };
    }

    /**
     * A host starts or stops recording its call; the acknowledgement carries the recording's id. The socket itself must
     * have joined the call, like every other in-call event: another socket of the same host that only authenticated is
     * not in the call.
     */
    private Object recording(Session session, CallClaims claims, ClientEvent.Recording event) {
        String name = event.start() ? "start_recording" : "stop_recording";
        if (event.sessionId().isPresent() && !event.sessionId().get().equals(claims.sessionId())) {
            throw new SignalingException(
                    ErrorCode.FORBIDDEN,
                    "sessionId: '" + event.sessionId().get() + "' (expected: '" + claims.sessionId()
                            + "', the call your token admits you to)");
        }
        if (claims.role() != Role.HOST) {
            throw new SignalingException(
                    ErrorCode.FORBIDDEN, name + ": role " + claims.role().wireName() + " (expected: host)");
        }
        if (!calls.callOf(session.id).filter(claims.sessionId()::equals).isPresent()) {
            throw new SignalingException(ErrorCode.NOT_IN_CALL, name + ": join the call first");
        }
        CompletionStage<String> done = event.start()
                ? media.startRecording(claims.sessionId(), claims.userId())
                : media.stopRecording(claims.sessionId());
        return done.thenApply(id -> (Object) new Wire.RecordingAck(true, id));
    }

    private Object authenticate(Session session, ClientEvent.Authenticate event) {
        TokenClaims claims = verify(event.token());
        Optional<TokenClaims> previous = session.token();
        if (previous.isPresent() && !TokenHolders.same(previous.get(), claims)) {
            throw new SignalingException(
                    ErrorCode.FORBIDDEN,
                    "already authenticated as " + TokenHolders.describe(previous.get())
                            + " (expected: a token for the same user and"
                            + " call, or the same user's user token on a device connection)");
        }
        session.authenticated(claims);
        if (previous.isEmpty()) {
            rings.authenticated(session.id, claims);
        }
        log.debug("authenticated connection={} userId={} via=event", session.id.value(), claims.userId());
        Wire.Authenticated payload = TokenHolders.authenticated(claims);
        connections.emit(session.id, "authenticated", payload);
        return new Wire.AuthenticatedAck(
                true, payload.userId(), payload.sessionId(), payload.role(), payload.expiresAt(), payload.scope());
    }

    private Object leave(Session session, ClientEvent.LeaveCall event) {
        String sessionId = event.sessionId()
                .or(() -> calls.callOf(session.id))
                .orElseThrow(() -> new SignalingException(ErrorCode.NOT_IN_CALL, "leave_call: not in a call"));
        calls.leave(session.id, sessionId);
        log.info(
                "leave connection={} userId={} sessionId={} reason=left",
                session.id.value(),
                session.claims().map(CallClaims::userId).orElse("-"),
                sessionId);
        return Wire.Ok.OK;
    }

    private TokenClaims verify(String token) {
        try {
            return tokens.verify(token);
        } catch (TokenException e) {
            ErrorCode code =
                    switch (e.kind()) {
                        case EXPIRED -> ErrorCode.TOKEN_EXPIRED;
                        case INVALID -> ErrorCode.INVALID_TOKEN;
                    };
            throw new SignalingException(code, e.getMessage());
        }
    }

    /**
     * The refusal an event failed with; for a failure of ours, an {@link ErrorCode#INTERNAL} one whose reference names
     * the failure logged here with its stack trace.
     */
    static SignalingException refusalOrInternal(ConnectionId id, ClientEventType type, Throwable failure) {
        SignalingException refusal = refusal(failure);
        if (refusal != null) {
            return refusal;
        }
        String ref = UUID.randomUUID().toString().substring(0, 8);
        log.error("internal error ref={} connection={} event={}", ref, id.value(), type.wireName(), failure);
        return new SignalingException(ErrorCode.INTERNAL, "internal error (ref " + ref + ")");
    }

    /** The refusal an event that completed later failed with; null for a failure of ours (an internal error). */
    private static SignalingException refusal(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof CallException e) {
            return new SignalingException(ErrorCode.of(e.error()), e.getMessage());
        }
        return SfuRequests.refusal(cause);
    }

    private void refuse(Session session, ClientEventType type, SignalingException e, Reply reply) {
        if (e.code() == ErrorCode.RATE_LIMITED) {
            metrics.rateLimited();
        }
        if (type == ClientEventType.AUTHENTICATE) {
            metrics.authFailed(e.code());
            // The contract: a failed authenticate is answered with auth_error and a disconnect.
            log.warn(
                    "authentication failed connection={} remote={} via=event code={} reason={}",
                    session.id.value(),
                    session.remoteAddress,
                    e.code(),
                    e.getMessage());
            if (reply.requested()) {
                reply.send(Wire.Failure.of(e));
            }
            connections.emit(
                    session.id, "auth_error", new Wire.AuthError(e.code().name(), e.getMessage()));
            connections.disconnect(session.id);
            return;
        }
        if (e.code() != ErrorCode.INTERNAL) { // an internal error was logged with its stack trace
            log.info(
                    "refused connection={} event={} code={} reason={}",
                    session.id.value(),
                    type.wireName(),
                    e.code(),
                    e.getMessage());
        }
        if (reply.requested()) {
            reply.send(Wire.Failure.of(e));
        } else {
            connections.emit(
                    session.id,
                    "call_error",
                    new Wire.CallError(type.wireName(), e.code().name(), e.getMessage()));
        }
    }

    private void authTimedOut(ConnectionId id) {
        Session session = sessions.get(id);
        if (session == null || session.closed() || session.token().isPresent()) {
            return;
        }
        log.info("authentication timed out connection={} remote={}", id.value(), session.remoteAddress);
        metrics.authFailed(ErrorCode.UNAUTHENTICATED);
        connections.emit(
                id,
                "auth_error",
                new Wire.AuthError(
                        ErrorCode.UNAUTHENTICATED.name(),
                        "not authenticated within " + policy.authTimeout().toMillis() + " ms"));
        connections.disconnect(id);
    }

    private Session session(ConnectionId id, String remoteAddress) {
        return sessions.computeIfAbsent(id, key -> new Session(key, remoteAddress, newBucket()));
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(eventLimit)
                .withCustomTimePrecision(time)
                .build();
    }

    /** The claims of the call a socket is in, for what only a participant of a call may ask. */
    private static CallClaims inCall(Session session, ClientEventType type) {
        return session.claims()
                .orElseThrow(
                        () -> new SignalingException(ErrorCode.NOT_IN_CALL, type.wireName() + ": join the call first"));
    }
}
