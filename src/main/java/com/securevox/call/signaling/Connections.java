package com.securevox.call.signaling;

import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.ConnectionId;
import java.util.Optional;

/** What signaling needs from the transport: send an event to one socket, or close it. */
public interface Connections {
    /** Queues an event for the socket; never blocks. Unknown or closed sockets are ignored. */
    void emit(ConnectionId to, String event, Object payload);

    /** How the socket reaches the server now (its current transport, its user agent); empty once it is gone. */
    Optional<ClientInfo> client(ConnectionId connection);

    /** Sends the socket a disconnect and closes it; its disconnect is reported back as usual. */
    void disconnect(ConnectionId connection);
}
