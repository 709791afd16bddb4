/**
 * The network edge and the only user of Netty: our own Engine.IO 4 / Socket.IO 5 server (websocket and long-polling,
 * ADR 0003) and the REST API on the same port, through one pipeline built in {@link
 * com.securevox.call.transport.HttpPipeline}. Engine.IO sessions ({@link com.securevox.call.transport.EngineSession})
 * are confined to one event loop each; the Socket.IO layer ({@link com.securevox.call.transport.SocketIoConnection})
 * applies the contract's rules and hands events to signaling.
 */
package com.securevox.call.transport;
