/**
 * The Socket.IO protocol of the client contract, independent of any Socket.IO library: event
 * payloads decoded into records ({@link com.securevox.call.signaling.ClientEvent}), authentication
 * of sockets, the per-socket rate limit, replies and wire error codes, and the mapping of call
 * events to server events ({@link com.securevox.call.signaling.WireOutbox}). Sockets are {@link
 * com.securevox.call.call.ConnectionId}s; the transport implements {@link
 * com.securevox.call.signaling.Connections}.
 */
package com.securevox.call.signaling;
