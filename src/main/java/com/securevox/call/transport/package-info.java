/**
 * The network edge and the only user of netty-socketio and Netty: Socket.IO v4 over websocket and
 * long-polling and the REST API on the same port, through one pipeline built in {@link
 * com.securevox.call.transport.CallChannelInitializer}. Handlers here have one job each: origin and
 * drain gate, body limit, API dispatch off the I/O threads.
 */
package com.securevox.call.transport;
