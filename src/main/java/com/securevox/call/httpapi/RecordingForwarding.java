package com.securevox.call.httpapi;

import com.securevox.call.recording.RecordingInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With several nodes sharing the recordings' catalog but not their disks: a request for a recording's file that
 * reached a node without it is answered by the node that made the recording, whose answer (the file, a part of it, a
 * refusal) is relayed as it arrives (see {@link PeerClient#relayFile}). A request that was forwarded already stays, so
 * two nodes never pass it back and forth; so does one for a recording of this node, or of no known node (made before
 * nodes were kept), whose missing file is this node's 404. A recording node that is not live or not reachable is
 * {@link HttpError#RECORDING_NODE_UNAVAILABLE}, naming it.
 */
final class RecordingForwarding {
    private static final Logger log = LoggerFactory.getLogger(RecordingForwarding.class);
    /**
     * How long the recording node may take to start its answer: a catalog read and a file opened, milliseconds. The
     * body then takes as long as the client takes to read it, as long as the node does not go quiet for {@link #IDLE}.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * How long the recording node may go without sending while its body is waited for: a disk read of a chunk takes
     * milliseconds, so this much silence is a node that stopped (hung, or a network that drops without a reset), and
     * the client's response is cut off rather than held until the connection drops.
     */
    static final Duration IDLE = Duration.ofSeconds(30);

    private final PeerNodes peers;
    private final PeerClient client;
    private final Duration idle;

    RecordingForwarding(PeerNodes peers, PeerClient client) {
        this(peers, client, IDLE);
    }

    RecordingForwarding(PeerNodes peers, PeerClient client, Duration idle) {
        this.peers = Objects.requireNonNull(peers, "peers");
        this.client = Objects.requireNonNull(client, "client");
        this.idle = Objects.requireNonNull(idle, "idle");
    }

    /**
     * The recording node's answer, or empty when this node answers itself. Blocks until that answer's head arrives;
     * its body, if relayed, is read by the transport.
     */
    Optional<ApiResponse> answer(ApiRequest request, RecordingInfo recording) {
        String node = recording.node();
        if (request.header(PeerClient.FORWARDED).isPresent() || node == null || node.equals(peers.self())) {
            return Optional.empty();
        }
        PeerNodes.Peer peer = peers.live().stream()
                .filter(p -> p.id().equals(node))
                .findFirst()
                .orElseThrow(() -> unavailable(
                        request,
                        "recording '" + recording.id() + "': its files are on node '" + node
                                + "', which is not live (expected: that node running: a recording's files are on"
                                + " the disk of the node that made it)"));
        try {
            ApiResponse answer = client.relayFile(peer, request, TIMEOUT, idle);
            log.info(
                    "recording request forwarded method={} path={} node={} status={}",
                    request.method(),
                    request.path(),
                    node,
                    answer.status());
            return Optional.of(answer);
        } catch (PeerException e) {
            // Not reached, or silent: the usual cause is a node URL the others cannot reach. Otherwise the message
            // says what the node answered and what was expected.
            String hint = e.getCause() instanceof IOException
                    ? " (expected: every node's SECUREVOX_CALL_NODE_URL reachable from the others)"
                    : "";
            throw unavailable(request, "recording '" + recording.id() + "': its files are on " + e.getMessage() + hint);
        }
    }

    private static HttpApiException unavailable(ApiRequest request, String message) {
        log.warn(
                "recording request not forwarded method={} path={} reason={}",
                request.method(),
                request.path(),
                message);
        return new HttpApiException(HttpError.RECORDING_NODE_UNAVAILABLE, message);
    }
}
