package com.securevox.call.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.securevox.call.auth.CallClaims;
import com.securevox.call.call.CallRegistry;
import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.JoinRequest;
import com.securevox.call.call.Joined;
import com.securevox.call.media.SfuCalls;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code join_call}: the checks, the admission of the call to this node ({@link CallHome}), and the join itself. When
 * the node already serves the call (always, with one node) the join happens in the socket's event and is acknowledged
 * from there; otherwise it happens once the admission completes, on the admission's thread, and the socket's other
 * events go on meanwhile (a client waits for the join's acknowledgement before it sends anything for the call). A
 * call another node serves is joined there: the socket is proxied to that node ({@link EdgeSockets}), its join first,
 * and the acknowledgement is that node's. A socket proxied here whose call this node no longer serves is told to
 * reconnect, so it is routed anew.
 */
final class CallJoins {
    private static final Logger log = LoggerFactory.getLogger(CallJoins.class);
    private static final ClientInfo GONE = new ClientInfo("unknown", "");

    private final CallRegistry calls;
    private final Connections connections;
    private final SignalingPolicy policy;
    private final BooleanSupplier draining;
    private final SignalingMetrics metrics;
    private final SfuCalls media;
    private final CallHome home;
    private final Optional<EdgeSockets> edge;
    private final Predicate<ConnectionId> proxied;

    /**
     * @param edge proxies sockets to the node serving their call; empty with one node
     * @param proxied whether a socket is one another node proxies here
     */
    CallJoins(
            CallRegistry calls,
            Connections connections,
            SignalingPolicy policy,
            BooleanSupplier draining,
            SignalingMetrics metrics,
            SfuCalls media,
            CallHome home,
            Optional<EdgeSockets> edge,
            Predicate<ConnectionId> proxied) {
        this.calls = calls;
        this.connections = connections;
        this.policy = policy;
        this.draining = draining;
        this.metrics = metrics;
        this.media = media;
        this.home = home;
        this.edge = edge;
        this.proxied = proxied;
    }

    /**
     * As the other {@code join}, with the claims known later when the node serving a ring is asked what it grants
     * (complete already otherwise: then joined at once).
     */
    Object join(
            Session session,
            CompletionStage<CallClaims> claims,
            ClientEvent.JoinCall event,
            JsonNode payload,
            boolean ack) {
        var known = claims.toCompletableFuture();
        if (known.isDone() && !known.isCompletedExceptionally()) {
            return join(session, known.join(), event, payload, ack);
        }
        return claims.thenCompose(c -> {
            Object joined = join(session, c, event, payload, ack);
            return joined instanceof CompletionStage<?> later
                    ? later.thenApply(value -> (Object) value)
                    : CompletableFuture.completedFuture(joined);
        });
    }

    /**
     * The acknowledgement, or a stage of it when the call must first be admitted here or is served elsewhere.
     *
     * @param payload the event as the client sent it, for the node serving the call
     * @param ack whether the client asked for an acknowledgement
     */
    Object join(Session session, CallClaims claims, ClientEvent.JoinCall event, JsonNode payload, boolean ack) {
        if (!event.sessionId().equals(claims.sessionId())) {
            throw new SignalingException(
                    ErrorCode.FORBIDDEN,
                    "sessionId: '" + event.sessionId() + "' (expected: '" + claims.sessionId()
                            + "', the call your token admits you to)");
        }
        if (draining.getAsBoolean() && !calls.isParticipant(claims.sessionId(), claims.userId())) {
            throw new SignalingException(
                    ErrorCode.SERVER_DRAINING, "the server is shutting down and takes no new participants");
        }
        CompletionStage<CallHome.Where> admitted = home.admit(claims.sessionId());
        var now = admitted.toCompletableFuture();
        if (now.isDone() && !now.isCompletedExceptionally()) {
            return switch (now.join()) {
                case CallHome.Where.Here here -> joinHere(session, claims, event);
                case CallHome.Where.Elsewhere owner -> elsewhere(session, claims, event, owner, payload, ack);
            };
        }
        return admitted.thenCompose(where -> {
            if (session.closed()) {
                throw new SignalingException(ErrorCode.NOT_IN_CALL, "join_call: the socket closed before the join");
            }
            if (where instanceof CallHome.Where.Elsewhere owner) {
                CompletableFuture<Object> answer = elsewhere(session, claims, event, owner, payload, ack);
                if (session.closed()) {
                    edge.orElseThrow().disconnected(session.id); // its disconnect ran before the attachment
                }
                return answer == null ? CompletableFuture.completedFuture(null) : answer;
            }
            Object joined = joinHere(session, claims, event);
            // The socket may have closed while the call was being admitted: if its disconnect ran before the join,
            // nothing would ever take this participant out of the call; put it in the reconnect grace like any
            // dropped socket. A disconnect after the join finds it in the call itself.
            if (session.closed()) {
                calls.disconnected(session.id);
                media.forget(session.id);
            }
            return CompletableFuture.completedFuture(joined);
        });
    }

    /**
     * The call is served by another node: a socket of this node's is proxied there, join first; one that node proxied
     * here (this node served the call when it came) is told to reconnect and join where the call is now.
     */
    private CompletableFuture<Object> elsewhere(
            Session session,
            CallClaims claims,
            ClientEvent.JoinCall event,
            CallHome.Where.Elsewhere owner,
            JsonNode payload,
            boolean ack) {
        if (proxied.test(session.id) || edge.isEmpty()) {
            connections.reconnect(session.id);
            throw new SignalingException(
                    ErrorCode.UNAVAILABLE,
                    "call '" + claims.sessionId() + "': served by node '" + owner.node() + "' now (expected: a"
                            + " reconnect, which joins it there)");
        }
        edge.get().attach(session.id, session.remoteAddress, claims, owner);
        CompletableFuture<Object> answer = new CompletableFuture<>();
        edge.get()
                .join(session.id, payload, () -> {
                    try {
                        settle(answer, join(session, claims, event, payload, true));
                    } catch (RuntimeException e) {
                        answer.completeExceptionally(e);
                    }
                })
                .whenComplete((value, failure) -> settle(answer, failure == null ? value : failure));
        return ack ? answer : null;
    }

    /** Completes {@code answer} with an acknowledgement, a stage of one, or a failure. */
    private static void settle(CompletableFuture<Object> answer, Object ack) {
        switch (ack) {
            case CompletionStage<?> later ->
                later.whenComplete((value, failure) -> settle(answer, failure == null ? value : failure));
            case Throwable failure -> answer.completeExceptionally(failure);
            case null, default -> answer.complete(ack);
        }
    }

    private Wire.JoinAck joinHere(Session session, CallClaims claims, ClientEvent.JoinCall event) {
        // A socket proxied to the call's former owner is this node's again.
        edge.ifPresent(e -> e.disconnected(session.id));
        List<Wire.IceServer> iceServers = policy.iceServers().hold(session.id, claims.userId(), claims.expiresAt());
        media.declare(session.id, event.sfuCapable());
        Joined joined;
        try {
            joined = calls.join(new JoinRequest(
                    session.id,
                    claims.userId(),
                    claims.role(),
                    claims.sessionId(),
                    event.metadata(),
                    event.audioMuted(),
                    event.videoMuted(),
                    event.e2ee(),
                    connections.client(session.id).orElse(GONE),
                    claims.issuedAt()));
        } finally {
            policy.iceServers().release(session.id);
        }
        session.joined(claims);
        metrics.joined();
        log.info(
                "join connection={} userId={} sessionId={} kind={} participants={} remote={}",
                session.id.value(),
                claims.userId(),
                claims.sessionId(),
                joined.kind(),
                joined.others().size() + 1,
                session.remoteAddress);
        return new Wire.JoinAck(
                true,
                joined.sessionId(),
                Wire.WireParticipant.of(joined.self()),
                Wire.WireParticipant.of(joined.others()),
                iceServers,
                joined.e2ee());
    }
}
