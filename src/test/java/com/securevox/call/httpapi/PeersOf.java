package com.securevox.call.httpapi;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/** The other nodes as a test sets them: fixed live nodes and placements, counting how often a call was placed. */
final class PeersOf implements PeerNodes {
    private final String self;
    private final List<Peer> live;
    private final Map<String, Placement> placements;
    private final AtomicInteger placed = new AtomicInteger();

    /** @param placements where each call is; any other call is {@link Here} */
    PeersOf(String self, List<Peer> live, Map<String, Placement> placements) {
        this.self = self;
        this.live = List.copyOf(live);
        this.placements = Map.copyOf(placements);
    }

    @Override
    public String self() {
        return self;
    }

    @Override
    public List<Peer> live() {
        return live;
    }

    @Override
    public Placement place(String sessionId) {
        placed.incrementAndGet();
        return placements.getOrDefault(sessionId, new Here());
    }

    @Override
    public Optional<SSLContext> tls() {
        return Optional.empty();
    }

    int placed() {
        return placed.get();
    }
}
