package com.securevox.call.transport;

/**
 * The Engine.IO numbers a session lives by, all in milliseconds or bytes.
 *
 * @param maxPayload the largest POST body or websocket message a client may send (announced as {@code maxPayload})
 * @param maxPendingBytes how much may wait for a slow client (unsent frames, unfetched packets) before it is cut off
 * @param connectTimeoutMillis how long a session may go without a Socket.IO CONNECT
 * @param closeGraceMillis how long a polling client closed by the server has to fetch what was left for it
 */
record EngineSettings(
        int pingIntervalMillis,
        int pingTimeoutMillis,
        int maxPayload,
        int maxPendingBytes,
        int upgradeTimeoutMillis,
        int connectTimeoutMillis,
        int closeGraceMillis) {}
