package com.securevox.call.httpapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The admin dashboard's live calls over every live node: this node's own, and each other node's own ({@code GET
 * /admin/api/calls}, forwarded with {@link PeerClient#FORWARDED} and the API key, so each answers for itself only).
 * The other nodes are asked at most once per {@code freshFor} whatever the number of open dashboards and lists (they
 * share the last answers), all at once, each within {@link #TIMEOUT}; a node that did not answer in time, or answered
 * something else than its calls, is listed {@code unreachable} with why, so that the page says whose calls are
 * missing. Blocks (off the I/O threads) while it asks.
 */
final class ClusterLiveCalls {
    /** Another node's calls are in its memory: one that takes longer is as good as down for a dashboard. */
    static final Duration TIMEOUT = ClusterStats.TIMEOUT;

    private final PeerNodes peers;
    private final PeerClient client;
    private final ObjectMapper json;
    private final Map<String, String> credentials;
    private final Clock clock;
    private final Duration freshFor;
    private final ReentrantLock asking = new ReentrantLock();
    private Others last;
    private long takenAt;

    /** The other nodes' part of the list, as last asked. */
    private record Others(List<LiveCalls.Call> calls, int connectedUsers, List<LiveCalls.NodePart> nodes) {}

    /**
     * @param credentials the headers that authenticate this node to the others ({@code authorization} with the API
     *     key every node shares)
     * @param freshFor how long the other nodes' answers are used before they are asked again
     */
    ClusterLiveCalls(
            PeerNodes peers,
            PeerClient client,
            ObjectMapper json,
            Map<String, String> credentials,
            Clock clock,
            Duration freshFor) {
        this.peers = Objects.requireNonNull(peers, "peers");
        this.client = Objects.requireNonNull(client, "client");
        this.json = Objects.requireNonNull(json, "json");
        this.credentials = Map.copyOf(credentials);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.freshFor = Objects.requireNonNull(freshFor, "freshFor");
    }

    /** This node's calls as it answers another node: each marked as its own, without the nodes' parts. */
    LiveCalls.Calls own(LiveCalls.Calls local) {
        return local.on(peers.self());
    }

    /**
     * Every node's calls: {@code local} (this node's), and the other nodes' as last asked. A call listed by two nodes
     * (while it moves from one to the other) is shown once, with the node its lease names.
     */
    LiveCalls.Calls merged(LiveCalls.Calls local) {
        String self = peers.self();
        Others others = others();
        List<LiveCalls.Call> all = new ArrayList<>(local.on(self).calls());
        all.addAll(others.calls());
        Map<String, List<LiveCalls.Call>> bySession = new LinkedHashMap<>();
        for (LiveCalls.Call call : all) {
            bySession.computeIfAbsent(call.sessionId(), id -> new ArrayList<>()).add(call);
        }
        List<LiveCalls.Call> calls = new ArrayList<>(bySession.size());
        for (List<LiveCalls.Call> listed : bySession.values()) {
            calls.add(listed.size() == 1 ? listed.getFirst() : owners(listed, self));
        }
        // Oldest first, as on one node; the id breaks ties so that the order does not depend on who answered first.
        calls.sort(Comparator.comparingLong(LiveCalls.Call::startedAt).thenComparing(LiveCalls.Call::sessionId));
        List<LiveCalls.NodePart> nodes = new ArrayList<>(others.nodes());
        nodes.add(LiveCalls.NodePart.ok(self, local.calls().size()));
        nodes.sort(Comparator.comparing(LiveCalls.NodePart::id));
        return new LiveCalls.Calls(calls, local.connectedUsers() + others.connectedUsers(), nodes);
    }

    /** Rare (a call moving between nodes): only then is the lease store asked. */
    private LiveCalls.Call owners(List<LiveCalls.Call> listed, String self) {
        String owner =
                switch (peers.place(listed.getFirst().sessionId())) {
                    case PeerNodes.Here here -> self;
                    case PeerNodes.Elsewhere elsewhere -> elsewhere.peer().id();
                    case PeerNodes.Gone gone -> gone.node();
                    case PeerNodes.Unknown unknown -> "";
                };
        return listed.stream().filter(c -> owner.equals(c.node())).findFirst().orElse(listed.getFirst());
    }

    private Others others() {
        asking.lock();
        try {
            if (last == null || clock.millis() - takenAt >= freshFor.toMillis()) {
                last = ask();
                // From the answers, not the question: a slow node does not make the next look ask again at once.
                takenAt = clock.millis();
            }
            return last;
        } finally {
            asking.unlock();
        }
    }

    private Others ask() {
        String self = peers.self();
        ApiRequest request = new ApiRequest("GET", AdminRoutes.CALLS, credentials, new byte[0], self);
        Map<PeerNodes.Peer, CompletableFuture<PeerLiveCalls>> asked = new LinkedHashMap<>();
        for (PeerNodes.Peer peer : peers.live()) {
            if (!peer.id().equals(self)) {
                asked.put(peer, client.send(peer, request, TIMEOUT).thenApply(this::calls));
            }
        }
        List<LiveCalls.Call> calls = new ArrayList<>();
        List<LiveCalls.NodePart> nodes = new ArrayList<>();
        int users = 0;
        for (Map.Entry<PeerNodes.Peer, CompletableFuture<PeerLiveCalls>> e : asked.entrySet()) {
            String id = e.getKey().id();
            try {
                PeerLiveCalls theirs = e.getValue().join();
                theirs.calls().forEach(c -> calls.add(c.on(id)));
                users += theirs.connectedUsers();
                nodes.add(LiveCalls.NodePart.ok(id, theirs.calls().size()));
            } catch (CompletionException failure) {
                Throwable cause = failure.getCause() == null ? failure : failure.getCause();
                nodes.add(LiveCalls.NodePart.unreachable(id, String.valueOf(cause.getMessage())));
            }
        }
        return new Others(calls, users, nodes);
    }

    private PeerLiveCalls calls(ApiResponse answer) {
        try {
            if (answer.status() != 200) {
                throw new PeerException("answered " + answer.status() + " (expected: 200 with its live calls): "
                        + ClusterStats.shortened(answer.body()));
            }
            return PeerLiveCalls.decode(json, answer.body());
        } catch (PeerException e) {
            throw new CompletionException(e);
        }
    }
}
