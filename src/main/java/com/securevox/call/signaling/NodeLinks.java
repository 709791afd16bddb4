package com.securevox.call.signaling;

import com.securevox.call.call.NodeBus;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a node that shares calls with others needs to proxy sockets between them: the node bus, the connections that
 * reach the sockets other nodes proxy here (also handed to everything that sends to sockets), and the live nodes.
 *
 * @param live the ids of the live nodes now, without I/O; empty while not known yet
 */
public record NodeLinks(NodeBus bus, RoutedConnections routed, Supplier<Set<String>> live) {
    public NodeLinks {
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(routed, "routed");
        Objects.requireNonNull(live, "live");
    }
}
