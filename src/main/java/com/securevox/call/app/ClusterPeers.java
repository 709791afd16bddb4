package com.securevox.call.app;

import com.securevox.call.call.CallOwnership;
import com.securevox.call.cluster.NodeEntry;
import com.securevox.call.httpapi.PeerNodes;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The API's view of the other nodes: the live ones as the node registry last listed them, and which one serves a call
 * as its lease says. While the lease store does not answer, a call in progress here is served here (it goes on here
 * without Redis); any other is unknown.
 */
final class ClusterPeers implements PeerNodes {
    private final CallOwnership ownership;
    private final Supplier<List<NodeEntry>> nodes;
    private final Predicate<String> inProgressHere;
    private final Optional<SSLContext> tls;

    /**
     * @param nodes the live nodes as last listed, without I/O
     * @param inProgressHere whether a call is in progress on this node
     */
    ClusterPeers(
            CallOwnership ownership,
            Supplier<List<NodeEntry>> nodes,
            Predicate<String> inProgressHere,
            Optional<SSLContext> tls) {
        this.tls = Objects.requireNonNull(tls, "tls");
        this.ownership = Objects.requireNonNull(ownership, "ownership");
        this.nodes = Objects.requireNonNull(nodes, "nodes");
        this.inProgressHere = Objects.requireNonNull(inProgressHere, "inProgressHere");
    }

    @Override
    public String self() {
        return ownership.node();
    }

    @Override
    public List<Peer> live() {
        return nodes.get().stream().map(ClusterPeers::peer).toList();
    }

    @Override
    public Placement place(String sessionId) {
        return switch (ownership.owner(sessionId)) {
            case CallOwnership.Held held when held.owner().node().equals(ownership.node()) -> new Here();
            case CallOwnership.Held held ->
                nodes.get().stream()
                        .filter(n -> n.id().equals(held.owner().node()))
                        .findFirst()
                        .<Placement>map(n -> new Elsewhere(peer(n)))
                        .orElseGet(() -> new Gone(held.owner().node()));
            case CallOwnership.Free free -> new Here();
            case CallOwnership.Unavailable unavailable ->
                inProgressHere.test(sessionId) ? new Here() : new Unknown(unavailable.reason());
        };
    }

    /** A registry entry's URL is checked when it is read from Redis. */
    private static Peer peer(NodeEntry entry) {
        return new Peer(entry.id(), URI.create(entry.url()));
    }

    @Override
    public Optional<SSLContext> tls() {
        return tls;
    }
}
