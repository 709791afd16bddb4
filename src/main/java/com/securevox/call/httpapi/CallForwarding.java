package com.securevox.call.httpapi;

import com.securevox.call.call.Ids;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a route that acts on a call in progress answers here or has the node serving the call answer, when several
 * nodes share the calls: a call lives on one node (its lease's holder), so a request that reached another node is
 * forwarded there (see {@link PeerClient}) and that node's answer returned as it is. A request that was forwarded
 * already, or whose id is not valid (answered here, 400), or for a call served here or nowhere (answered here, as a
 * single node does) stays. A call held by a node that is not live or not reachable, or whose holder the store cannot
 * name, is {@link HttpError#UNAVAILABLE}, saying which.
 */
final class CallForwarding {
    private static final Logger log = LoggerFactory.getLogger(CallForwarding.class);
    /** Host controls act in memory on the other node: an answer takes milliseconds. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final PeerNodes peers;
    private final PeerClient client;

    CallForwarding(PeerNodes peers, PeerClient client) {
        this.peers = Objects.requireNonNull(peers, "peers");
        this.client = Objects.requireNonNull(client, "client");
    }

    /** The answer of the node serving the call, or empty when this node answers. Blocks while it waits for it. */
    Optional<ApiResponse> answer(ApiRequest request, String sessionId, Duration timeout) {
        if (request.header(PeerClient.FORWARDED).isPresent() || !Ids.isValid(sessionId)) {
            return Optional.empty();
        }
        return switch (peers.place(sessionId)) {
            case PeerNodes.Here here -> Optional.empty();
            case PeerNodes.Elsewhere elsewhere -> Optional.of(forward(request, sessionId, elsewhere.peer(), timeout));
            case PeerNodes.Gone gone ->
                throw new HttpApiException(
                        HttpError.UNAVAILABLE,
                        "call '" + sessionId + "': served by node '" + gone.node() + "', which is not live (expected:"
                                + " its lease to lapse within seconds, and its clients to bring the call back on"
                                + " another node)");
            case PeerNodes.Unknown unknown ->
                throw new HttpApiException(
                        HttpError.UNAVAILABLE,
                        "call '" + sessionId + "': which node serves it is unknown: " + unknown.reason());
        };
    }

    private ApiResponse forward(ApiRequest request, String sessionId, PeerNodes.Peer peer, Duration timeout) {
        try {
            ApiResponse answer = client.send(peer, request, timeout).join();
            log.info(
                    "api request forwarded method={} path={} node={} status={}",
                    request.method(),
                    request.path(),
                    peer.id(),
                    answer.status());
            return answer;
        } catch (CompletionException e) {
            String why = e.getCause() instanceof PeerException p ? p.getMessage() : String.valueOf(e.getCause());
            log.warn("api request not forwarded method={} path={} reason={}", request.method(), request.path(), why);
            throw new HttpApiException(
                    HttpError.UNAVAILABLE,
                    "call '" + sessionId + "': served by " + why
                            + " (expected: every node's SECUREVOX_CALL_NODE_URL reachable from the others)");
        }
    }
}
