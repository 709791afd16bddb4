package com.securevox.call.httpapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The admin dashboard's health of every live node, one row each: this node's from its own probe, each other's from its
 * {@code /health}, asked for at once. A node that does not answer within {@link ClusterStats#TIMEOUT}, or answers
 * something else than its health, is a row {@code unreachable} with why, never left out.
 */
final class NodeHealthRows {
    private final PeerNodes peers;
    private final PeerClient client;
    private final ObjectMapper json;

    NodeHealthRows(PeerNodes peers, PeerClient client, ObjectMapper json) {
        this.peers = Objects.requireNonNull(peers, "peers");
        this.client = Objects.requireNonNull(client, "client");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** Every live node's row, by id, with {@code local} for this node. Blocks at most about the timeout. */
    List<ApiBodies.Health.NodeHealth> rows(ApiBodies.Health local, String remoteAddress) {
        String self = peers.self();
        ApiRequest ask = new ApiRequest("GET", "/health", Map.of(), new byte[0], remoteAddress, Map.of());
        Map<PeerNodes.Peer, CompletableFuture<PeerHealth>> asked = new LinkedHashMap<>();
        String selfUrl = null;
        for (PeerNodes.Peer peer : peers.live()) {
            if (peer.id().equals(self)) {
                selfUrl = peer.url().toString();
            } else {
                asked.put(peer, client.send(peer, ask, ClusterStats.TIMEOUT).thenApply(this::health));
            }
        }
        List<ApiBodies.Health.NodeHealth> rows = new ArrayList<>();
        rows.add(new ApiBodies.Health.NodeHealth(
                self,
                selfUrl,
                local.status(),
                local.version(),
                local.uptimeSeconds(),
                local.connections(),
                local.activeCalls(),
                null));
        for (Map.Entry<PeerNodes.Peer, CompletableFuture<PeerHealth>> e : asked.entrySet()) {
            PeerNodes.Peer peer = e.getKey();
            try {
                PeerHealth theirs = e.getValue().join();
                rows.add(new ApiBodies.Health.NodeHealth(
                        peer.id(),
                        peer.url().toString(),
                        theirs.status(),
                        theirs.version(),
                        theirs.uptimeSeconds(),
                        theirs.connections(),
                        theirs.activeCalls(),
                        null));
            } catch (CompletionException failure) {
                Throwable cause = failure.getCause() == null ? failure : failure.getCause();
                rows.add(ApiBodies.Health.NodeHealth.unreachable(
                        peer.id(), peer.url().toString(), String.valueOf(cause.getMessage())));
            }
        }
        rows.sort(Comparator.comparing(ApiBodies.Health.NodeHealth::id));
        return rows;
    }

    private PeerHealth health(ApiResponse answer) {
        try {
            // A draining node answers 503 with its health: still a row with its numbers.
            if (answer.status() != 200 && answer.status() != 503) {
                throw new PeerException("answered " + answer.status() + " (expected: 200 or 503 with its health): "
                        + ClusterStats.shortened(answer.body()));
            }
            return PeerHealth.decode(json, answer.body());
        } catch (PeerException e) {
            throw new CompletionException(e);
        }
    }
}
