package com.securevox.call.signaling;

import com.securevox.call.call.ConnectionId;

/** What signaling needs from the transport: send an event to one socket, or close it. */
public interface Connections {
    /** Queues an event for the socket; never blocks. Unknown or closed sockets are ignored. */
    void emit(ConnectionId to, String event, Object payload);

    /** Sends the socket a disconnect and closes it; its disconnect is reported back as usual. */
    void disconnect(ConnectionId connection);
}
