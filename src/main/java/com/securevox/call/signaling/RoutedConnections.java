package com.securevox.call.signaling;

import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.NodeBus;
import com.securevox.call.call.NodeMessage;
import com.securevox.call.call.NodeMessage.Deliver;
import com.securevox.call.call.NodeMessage.Kick;
import com.securevox.call.call.NodeMessage.KickReason;
import com.securevox.call.call.NodeMessage.Payload;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sockets of this node's calls, wherever they are connected: its own go to the transport, those held by another
 * node (an edge that proxies them here) go over the node bus, rendered once to JSON as the transport would write them.
 * Everything signaling and the call domain send passes here, so a member on another node is told what a member here
 * is, in the same order.
 */
public final class RoutedConnections implements Connections {
    private static final Logger log = LoggerFactory.getLogger(RoutedConnections.class);

    private final Connections local;
    private final NodeBus bus;
    private final Map<ConnectionId, Remote> remotes = new ConcurrentHashMap<>();

    /**
     * A socket on another node, proxied to this one.
     *
     * @param edge the node that holds it
     * @param epoch the epoch this node owns the socket's call with
     * @param client how the client reaches the edge
     */
    record Remote(String edge, String callId, long epoch, ClientInfo client) {
        Remote {
            Objects.requireNonNull(edge, "edge");
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(client, "client");
        }
    }

    /** @param local this node's own sockets: the transport */
    public RoutedConnections(Connections local, NodeBus bus) {
        this.local = Objects.requireNonNull(local, "local");
        this.bus = Objects.requireNonNull(bus, "bus");
    }

    @Override
    public void emit(ConnectionId to, String event, Object payload) {
        Remote remote = remotes.get(to);
        if (remote == null) {
            local.emit(to, event, payload);
            return;
        }
        Payload rendered;
        try {
            rendered = new Payload(event, NodeJson.write(payload));
        } catch (IllegalArgumentException e) {
            // Too large to cross (or unwritable): the socket rejoins rather than go on without it.
            log.warn(
                    "node bus: {} for connection={} cannot be sent to {}: {}",
                    event,
                    to.value(),
                    remote.edge(),
                    e.getMessage());
            kick(to, remote, KickReason.MOVED);
            return;
        }
        send(remote, new Deliver(remote.callId(), remote.epoch(), to, rendered));
    }

    /**
     * A socket of this node's runs {@code undelivered} when the transport finds it closed; one on another node has its
     * edge send back what it finds undeliverable ({@link NodeMessage.Bounced}), which comes back here over the bus.
     */
    @Override
    public void emit(ConnectionId to, String event, Object payload, Runnable undelivered) {
        if (remotes.containsKey(to)) {
            emit(to, event, payload);
        } else {
            local.emit(to, event, payload, undelivered);
        }
    }

    @Override
    public Optional<ClientInfo> client(ConnectionId connection) {
        Remote remote = remotes.get(connection);
        return remote == null ? local.client(connection) : Optional.of(remote.client());
    }

    @Override
    public void disconnect(ConnectionId connection) {
        Remote remote = remotes.get(connection);
        if (remote == null) {
            local.disconnect(connection);
        } else {
            kick(connection, remote, KickReason.DISCONNECT);
        }
    }

    @Override
    public void reconnect(ConnectionId connection) {
        Remote remote = remotes.get(connection);
        if (remote == null) {
            local.reconnect(connection);
        } else {
            kick(connection, remote, KickReason.MOVED);
        }
    }

    /** Sends an acknowledgement, as JSON text, to a socket on another node. */
    void reply(ConnectionId to, long requestId, Object payload) {
        Remote remote = remotes.get(to);
        if (remote == null) {
            return; // it went meanwhile
        }
        String json;
        try {
            json = NodeJson.write(payload);
            send(remote, new NodeMessage.Reply(remote.callId(), remote.epoch(), to, requestId, json));
        } catch (IllegalArgumentException e) {
            log.warn(
                    "node bus: an acknowledgement for connection={} cannot be sent to {}: {}",
                    to.value(),
                    remote.edge(),
                    e.getMessage());
            kick(to, remote, KickReason.MOVED);
        }
    }

    void add(ConnectionId connection, Remote remote) {
        remotes.put(connection, remote);
    }

    Optional<Remote> remote(ConnectionId connection) {
        return Optional.ofNullable(remotes.get(connection));
    }

    boolean isRemote(ConnectionId connection) {
        return remotes.containsKey(connection);
    }

    /** Forgets the socket, if it is still {@code remote}. */
    boolean remove(ConnectionId connection, Remote remote) {
        return remotes.remove(connection, remote);
    }

    /** The sockets that {@code edge} proxies here now. */
    List<Map.Entry<ConnectionId, Remote>> from(String edge) {
        return remotes.entrySet().stream()
                .filter(e -> e.getValue().edge().equals(edge))
                .map(e -> Map.entry(e.getKey(), e.getValue()))
                .toList();
    }

    /** Every socket proxied here now, by the node that holds it. */
    List<Map.Entry<ConnectionId, Remote>> all() {
        return remotes.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue()))
                .toList();
    }

    /** Tells the edge to end the socket; what it reports back ends it here. */
    void kick(ConnectionId connection, Remote remote, KickReason reason) {
        send(remote, new Kick(remote.callId(), remote.epoch(), connection, reason));
    }

    private void send(Remote remote, NodeMessage message) {
        if (!bus.send(remote.edge(), message)) {
            log.warn(
                    "node bus: the queue to {} is full; {} for connection={} dropped",
                    remote.edge(),
                    message.getClass().getSimpleName(),
                    message.connection().value());
        }
    }
}
