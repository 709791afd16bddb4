package com.securevox.call.signaling;

import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.ConnectionId;
import java.util.Optional;

/** What signaling needs from the transport: send an event to one socket, or end it. */
public interface Connections {
    /** Queues an event for the socket; never blocks. Unknown or closed sockets are ignored. */
    void emit(ConnectionId to, String event, Object payload);

    /**
     * {@link #emit(ConnectionId, String, Object)}, running {@code undelivered} instead when the socket is unknown, or
     * closed by the time the event would be written: once the socket's disconnect was reported. From whichever thread
     * finds it so; never blocks. What a closing socket's transport drops after writing it is not found here.
     */
    default void emit(ConnectionId to, String event, Object payload, Runnable undelivered) {
        if (client(to).isEmpty()) {
            undelivered.run();
        } else {
            emit(to, event, payload);
        }
    }

    /** How the socket reaches the server now (its current transport, its user agent); empty once it is gone. */
    Optional<ClientInfo> client(ConnectionId connection);

    /** Sends the socket a disconnect and closes it; its disconnect is reported back as usual. */
    void disconnect(ConnectionId connection);

    /**
     * Closes the socket's transport without a Socket.IO disconnect, after what was sent to it: the official clients
     * take that for a lost connection, reconnect by themselves and join their call again (another node may serve it
     * by then). Its disconnect is reported back as usual. Unknown or closed sockets are ignored.
     */
    void reconnect(ConnectionId connection);
}
