package com.securevox.call.httpapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code /api/call/stats} over every live node: this node's own numbers, and each other node's, asked for at once
 * (forwarded with {@link PeerClient#FORWARDED}, so each answers for itself only). The totals add up the nodes that
 * answered; a node that did not within {@link #TIMEOUT}, or answered something else than its numbers, is listed as
 * {@code unreachable} with why, never left out.
 */
final class ClusterStats {
    /** Another node's numbers are in its memory: a node that takes longer is as good as down for a dashboard. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final PeerNodes peers;
    private final PeerClient client;
    private final ObjectMapper json;

    ClusterStats(PeerNodes peers, PeerClient client, ObjectMapper json) {
        this.peers = Objects.requireNonNull(peers, "peers");
        this.client = Objects.requireNonNull(client, "client");
        this.json = Objects.requireNonNull(json, "json");
    }

    /**
     * This node's numbers alone when the request was forwarded by another node, else the cluster's. Blocks at most
     * {@link #TIMEOUT} (plus a little) on the other nodes.
     */
    ApiBodies.Stats answer(ApiRequest request, ApiBodies.Stats local) {
        String self = peers.self();
        List<ApiBodies.Stats.ActiveCall> own =
                local.activeCalls().stream().map(c -> c.on(self)).toList();
        if (request.header(PeerClient.FORWARDED).isPresent()) {
            return new ApiBodies.Stats(own, own.size(), local.connectedUsers(), self, null);
        }
        ApiRequest ask = new ApiRequest(
                "GET", request.path(), authorization(request), new byte[0], request.remoteAddress(), Map.of());
        Map<PeerNodes.Peer, CompletableFuture<PeerStats>> asked = new LinkedHashMap<>();
        Optional<PeerNodes.Peer> me = Optional.empty();
        for (PeerNodes.Peer peer : peers.live()) {
            if (peer.id().equals(self)) {
                me = Optional.of(peer);
            } else {
                asked.put(peer, client.send(peer, ask, TIMEOUT).thenApply(this::numbers));
            }
        }
        List<ApiBodies.Stats.NodeStats> nodes = new ArrayList<>();
        List<ApiBodies.Stats.ActiveCall> calls = new ArrayList<>(own);
        int users = local.connectedUsers();
        nodes.add(ApiBodies.Stats.NodeStats.ok(
                self, me.map(p -> p.url().toString()).orElse(null), own.size(), local.connectedUsers()));
        for (Map.Entry<PeerNodes.Peer, CompletableFuture<PeerStats>> e : asked.entrySet()) {
            PeerNodes.Peer peer = e.getKey();
            try {
                PeerStats theirs = e.getValue().join();
                theirs.calls().forEach(c -> calls.add(c.on(peer.id())));
                users += theirs.connectedUsers();
                nodes.add(ApiBodies.Stats.NodeStats.ok(
                        peer.id(), peer.url().toString(), theirs.calls().size(), theirs.connectedUsers()));
            } catch (CompletionException failure) {
                Throwable cause = failure.getCause() == null ? failure : failure.getCause();
                nodes.add(ApiBodies.Stats.NodeStats.unreachable(
                        peer.id(), peer.url().toString(), String.valueOf(cause.getMessage())));
            }
        }
        nodes.sort(Comparator.comparing(ApiBodies.Stats.NodeStats::id));
        // Oldest first, as on one node; the id breaks ties so that the order does not depend on who answered first.
        calls.sort(Comparator.comparingLong(ApiBodies.Stats.ActiveCall::startedAt)
                .thenComparing(ApiBodies.Stats.ActiveCall::sessionId));
        return new ApiBodies.Stats(calls, calls.size(), users, self, nodes);
    }

    private PeerStats numbers(ApiResponse answer) {
        try {
            if (answer.status() != 200) {
                throw new PeerException(
                        "answered " + answer.status() + " (expected: 200 with its stats): " + shortened(answer.body()));
            }
            return PeerStats.decode(json, answer.body());
        } catch (PeerException e) {
            throw new CompletionException(e);
        }
    }

    private static Map<String, String> authorization(ApiRequest request) {
        return request.header("authorization")
                .map(v -> Map.of("authorization", v))
                .orElse(Map.of());
    }

    static String shortened(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
        return body.length > 200 ? text + "…" : text;
    }
}
