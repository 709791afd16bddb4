package com.securevox.call.signaling;

import com.securevox.call.call.ConnectionId;
import com.securevox.call.media.MediaException;
import com.securevox.call.media.SfuCalls;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The SFU events of a client, handed to {@link SfuCalls}; their acknowledgements come when the SFU has answered, and
 * its failures become the contract's error codes here, once.
 */
final class SfuRequests {
    private final SfuCalls media;

    SfuRequests(SfuCalls media) {
        this.media = media;
    }

    CompletionStage<Object> handle(ConnectionId connection, ClientEvent event) {
        CompletionStage<?> done =
                switch (event) {
                    case ClientEvent.SfuPublish publish ->
                        media.publish(connection, publish.offer(), publish.sources())
                                .thenApply(answer ->
                                        new Wire.SfuPublishAck(true, new Wire.Description("answer", answer.sdp())));
                    case ClientEvent.SfuAnswer answer ->
                        media.answer(connection, answer.answer()).thenApply(ok -> Wire.Ok.OK);
                    case ClientEvent.SfuCandidate candidate ->
                        media.trickle(
                                        connection,
                                        candidate.link(),
                                        candidate.candidate().orElse(null))
                                .thenApply(ok -> Wire.Ok.OK);
                    case ClientEvent.SfuView view ->
                        media.view(connection, view.views()).thenApply(ok -> Wire.Ok.OK);
                    case ClientEvent.Authenticate a -> unexpected(a);
                    case ClientEvent.JoinCall j -> unexpected(j);
                    case ClientEvent.LeaveCall l -> unexpected(l);
                    case ClientEvent.Sdp s -> unexpected(s);
                    case ClientEvent.Ice i -> unexpected(i);
                    case ClientEvent.Mute m -> unexpected(m);
                    case ClientEvent.Recording r -> unexpected(r);
                    case ClientEvent.HostControl h -> unexpected(h);
                    case ClientEvent.Data d -> unexpected(d);
                    case ClientEvent.Ringing r -> unexpected(r);
                    case ClientEvent.QualityReport q -> unexpected(q);
                };
        return done.thenApply(ack -> (Object) ack);
    }

    /** What a failed SFU operation means to the client. */
    static SignalingException refusal(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof SignalingException e) {
            return e;
        }
        if (cause instanceof MediaException e) {
            ErrorCode code =
                    switch (e.error()) {
                        case NOT_FOUND -> ErrorCode.NOT_IN_CALL;
                        case REFUSED -> ErrorCode.INVALID_PAYLOAD;
                        case CONFLICT -> ErrorCode.CONFLICT;
                        case E2EE_CALL -> ErrorCode.E2EE_CALL;
                        case INSUFFICIENT_STORAGE -> ErrorCode.INSUFFICIENT_STORAGE;
                        case UNAVAILABLE, TIMEOUT, PROTOCOL -> ErrorCode.SFU_UNAVAILABLE;
                    };
            return new SignalingException(code, e.getMessage());
        }
        return null;
    }

    private static CompletionStage<Object> unexpected(ClientEvent event) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("not an SFU event: " + event));
    }
}
