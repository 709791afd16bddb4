package com.securevox.call.signaling;

import com.securevox.call.auth.CallClaims;
import com.securevox.call.call.CallRegistry;
import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.JoinRequest;
import com.securevox.call.call.Joined;
import com.securevox.call.media.SfuCalls;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code join_call}: the checks, the admission of the call to this node ({@link CallHome}), and the join itself. When
 * the node already serves the call (always, with one node) the join happens in the socket's event and is acknowledged
 * from there; otherwise it happens once the admission completes, on the admission's thread, and the socket's other
 * events go on meanwhile (a client waits for the join's acknowledgement before it sends anything for the call).
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

    CallJoins(
            CallRegistry calls,
            Connections connections,
            SignalingPolicy policy,
            BooleanSupplier draining,
            SignalingMetrics metrics,
            SfuCalls media,
            CallHome home) {
        this.calls = calls;
        this.connections = connections;
        this.policy = policy;
        this.draining = draining;
        this.metrics = metrics;
        this.media = media;
        this.home = home;
    }

    /** The acknowledgement, or a stage of it when the call must first be admitted here. */
    Object join(Session session, CallClaims claims, ClientEvent.JoinCall event) {
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
        CompletionStage<Void> admitted = home.admit(claims.sessionId());
        var now = admitted.toCompletableFuture();
        if (now.isDone() && !now.isCompletedExceptionally()) {
            return joinHere(session, claims, event);
        }
        return admitted.thenApply(ignored -> {
            if (session.closed()) {
                throw new SignalingException(ErrorCode.NOT_IN_CALL, "join_call: the socket closed before the join");
            }
            Object ack = joinHere(session, claims, event);
            // The socket may have closed while the call was being admitted: if its disconnect ran before the join,
            // nothing would ever take this participant out of the call; put it in the reconnect grace like any
            // dropped socket. A disconnect after the join finds it in the call itself.
            if (session.closed()) {
                calls.disconnected(session.id);
                media.forget(session.id);
            }
            return ack;
        });
    }

    private Wire.JoinAck joinHere(Session session, CallClaims claims, ClientEvent.JoinCall event) {
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
